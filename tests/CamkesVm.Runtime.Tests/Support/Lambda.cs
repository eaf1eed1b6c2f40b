using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Tests.Support;

/// <summary>A native component whose stages are lambdas, keeping what Bind received.</summary>
internal sealed class Lambda(Action<IComponentContext>? bind = null, Func<IComponentContext, int>? run = null,
                             Action<IComponentContext>? preInit = null, Action<IComponentContext>? postInit = null) : NativeComponent
{
    public IComponentContext Ctx => Context;

    protected override void Bind(IComponentContext context) => bind?.Invoke(context);

    public override void PreInit() => preInit?.Invoke(Context);

    public override void PostInit() => postInit?.Invoke(Context);

    public override int Run() => run?.Invoke(Context) ?? 0;
}
