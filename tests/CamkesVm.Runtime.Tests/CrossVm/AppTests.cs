using System.Text;
using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Runtime.Vm;

namespace CamkesVm.Runtime.Tests.CrossVm;

/// <summary>
/// The repository's own app: its spec instantiates (VMM services need no provider; the app's PrintServer comes from a
/// provider, here a do-nothing stand-in for its C code) and the Linux guest boots on COM1.
/// </summary>
public sealed class AppTests
{
    private sealed class IdlePrintServer : CamkesVm.Runtime.Components.NativeComponent;

    private sealed class Provider : CamkesVm.Runtime.Components.IComponentProvider
    {
        public CamkesVm.Runtime.Components.NativeComponent? Create(string typeName) => typeName == "PrintServer" ? new IdlePrintServer() : null;
    }

    private static string Repository()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CamkesVm.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("CamkesVm.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Cma34cr_minimal_instantiates_and_its_guest_prints_on_com1()
    {
        var app = Path.Combine(Repository(), "apps", "cma34cr_minimal");
        var guests = GuestConfigurationReader.FromSpec(Path.Combine(app, "vm.camkes"));
        Assert.True(guests.Succeeded, string.Join("\n", guests.Diagnostics));
        var serial = new StringBuilder();
        var firstOutput = new ManualResetEventSlim(false);
        using var runtime = new AssemblyRuntime(new RuntimeOptions
        {
            Assembly = guests.Assembly!,
            Guests = guests.Guests,
            Images = GuestImage.FromAppDirectory(app),
            Providers = [new Provider()],
            ComponentOut = TextWriter.Null,
            ConfigureMachine = (_, machine) => machine.SerialOutput = b =>
            {
                lock (serial) serial.Append((char)b);
                firstOutput.Set();
            },
        });
        runtime.Start();
        Assert.Equal(["vm.vm0"], runtime.VmNames);
        Assert.True(firstOutput.Wait(TimeSpan.FromSeconds(60)), "no serial output from the guest");
        runtime.Stop("test done");
        var exit = runtime.Wait(TimeSpan.FromSeconds(20));
        Assert.NotNull(exit);
        Assert.Equal(MachineExitKind.Stopped, exit.Vms["vm.vm0"].Kind);
        lock (serial) Assert.NotEqual(0, serial.Length);
    }
}
