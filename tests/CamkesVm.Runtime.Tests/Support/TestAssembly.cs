using CamkesVm.Adl;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Vm;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Tests.Support;

/// <summary>Compiles a spec from text and runs it with C# test components.</summary>
internal static class TestAssembly
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static ResolvedAssembly Compile(string spec)
    {
        var result = AdlCompiler.CompileText(spec, "t.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Assembly!;
    }

    public static GuestConfigurationSet Guests(ResolvedAssembly assembly)
    {
        var guests = GuestConfigurationReader.Read(assembly);
        Assert.True(guests.Succeeded, string.Join("\n", guests.Diagnostics));
        return guests;
    }

    /// <summary>Runtime options for <paramref name="spec"/> with components made by <paramref name="factories"/> by type name.</summary>
    public static RuntimeOptions Options(string spec, params (string Type, Func<NativeComponent> Make)[] factories) => new()
    {
        Assembly = Compile(spec),
        Providers = [new FactoryProvider(factories)],
        ComponentOut = TextWriter.Null,
        JoinTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Runs to the end with a timeout (a hang fails the test instead of blocking the run).</summary>
    public static AssemblyExit RunToEnd(AssemblyRuntime runtime)
    {
        runtime.Start();
        var exit = runtime.Wait(Timeout);
        Assert.True(exit != null, "the assembly did not end within the timeout");
        return exit;
    }

    private sealed class FactoryProvider((string Type, Func<NativeComponent> Make)[] factories) : IComponentProvider
    {
        public NativeComponent? Create(string typeName) => factories.FirstOrDefault(f => f.Type == typeName).Make?.Invoke();
    }
}
