using System.Reflection;
using System.Runtime.ExceptionServices;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Connectors;

/// <summary>
/// The provided end of a seL4RPCCall connection. Callers block until the callee returns, and the endpoint serves
/// one call at a time (the provider has one interface thread in CAmkES); the call runs on the caller's thread
/// while it holds the endpoint, which gives the same ordering without a thread hop.
/// </summary>
internal sealed class RpcEndpoint(string name)
{
    private readonly object _serving = new();
    private object? _implementation;

    public string Name => name;

    public Type? ImplementedType { get; private set; }

    public void Provide(Type type, object implementation)
    {
        if (_implementation != null) throw new InvalidOperationException($"{name} already has an implementation");
        ImplementedType = type;
        _implementation = implementation;
    }

    /// <summary>A call through a C# interface; an implementation registered by name (C glue) gets the method's name.</summary>
    public object? Call(MethodInfo method, object?[]? args) =>
        Serve(target => target is IProcedureCalls byName ? byName.Call(method.Name, args ?? []) : method.Invoke(target, args));

    /// <summary>A call by method name (C glue); a C# implementation is called through its interface's method of that name.</summary>
    public object? Call(string method, object?[] args) =>
        Serve(target => target is IProcedureCalls byName ? byName.Call(method, args) : Method(method).Invoke(target, args));

    private MethodInfo Method(string method) =>
        ImplementedType!.GetMethod(method)
        ?? throw new InvalidOperationException($"{name}: {ImplementedType.Name} has no method {method}; the callee implements another procedure");

    private object? Serve(Func<object, object?> call)
    {
        var target = _implementation
            ?? throw new InvalidOperationException($"{name} is connected but its component registered no implementation (call Provides in Bind)");
        lock (_serving)
        {
            try
            {
                return call(target);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}

/// <summary>The caller side of an RPC interface: every method of <c>T</c> forwards to the endpoint.</summary>
public class RpcProxy : DispatchProxy
{
    private Func<MethodInfo, object?[]?, object?> _call = (m, _) => throw new InvalidOperationException($"{m.Name}: unbound RPC proxy");

    internal static T Create<T>(Func<MethodInfo, object?[]?, object?> call) where T : class
    {
        if (!typeof(T).IsInterface)
            throw new InvalidOperationException($"Uses<{typeof(T).Name}>: RPC interfaces must be C# interfaces");
        var proxy = DispatchProxy.Create<T, RpcProxy>();
        ((RpcProxy)(object)proxy)._call = call;
        return proxy;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _call(targetMethod!, args);
}
