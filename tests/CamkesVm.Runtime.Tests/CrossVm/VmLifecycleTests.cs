using CamkesVm.Machine;
using CamkesVm.Runtime.Tests.Support;

namespace CamkesVm.Runtime.Tests.CrossVm;

/// <summary>A VM in the assembly: the host's Stop ends a guest that never stops, and releases blocked components.</summary>
public sealed class VmLifecycleTests
{
    [Fact]
    public void Stop_ends_a_running_guest_and_releases_the_blocked_native_component()
    {
        var released = new ManualResetEventSlim(false);
        var started = new ManualResetEventSlim(false);
        var options = VmAssembly.Options(g =>
        {
            var forever = g.A.CreateLabel();
            g.A.Label(ref forever);
            g.A.jmp(forever);
        }, () => new Lambda(run: c =>
        {
            started.Set();
            try
            {
                c.Consumes("do_print").Wait();                   // the guest never emits
                return 0;
            }
            finally
            {
                released.Set();
            }
        }), []);
        using var runtime = new AssemblyRuntime(options);
        runtime.Start();
        Assert.True(started.Wait(TestAssembly.Timeout));
        Assert.Null(runtime.Wait(TimeSpan.FromMilliseconds(200)));
        runtime.Stop("quit from the console (Ctrl-A x)");
        var exit = runtime.Wait(TestAssembly.Timeout);
        Assert.NotNull(exit);
        Assert.Equal((MachineExitKind.Stopped, 0), (exit.Kind, exit.Status));
        Assert.Equal(MachineExitKind.Stopped, exit.Vms["vm0"].Kind);
        Assert.True(released.IsSet);
    }

    [Fact]
    public void A_missing_guest_image_is_refused_at_start_naming_the_instance()
    {
        var options = VmAssembly.Options(g => g.Exit(0), () => new Lambda(), []) with { Images = Vm.GuestImage.FromAppDirectory("/nonexistent-app") };
        using var runtime = new AssemblyRuntime(options);
        var e = Assert.Throws<AssemblyRuntimeException>(runtime.Start);
        Assert.Contains("vm0 (Init0) failed while building the VM: vm0.kernel_image \"tiny\" is neither in /nonexistent-app", e.Message);
    }
}
