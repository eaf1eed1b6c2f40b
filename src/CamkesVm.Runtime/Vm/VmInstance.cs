using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.CrossVm;
using CamkesVm.Runtime.Wiring;

namespace CamkesVm.Runtime.Vm;

/// <summary>
/// A VM instance (<c>vmN</c> of <c>InitN</c>): owns a <see cref="PcMachine"/> configured from its
/// <see cref="GuestConfiguration"/>. Built, configured by the app's extensions, given the cross-VM hypercalls and
/// booted before any component's <c>pre_init</c>; runs on its own thread once every instance has passed
/// <c>post_init</c> (in the original the VMM is the <c>run()</c> of the Init component).
/// </summary>
internal sealed class VmInstance : IDisposable
{
    private MachineExit? _exit;

    public VmInstance(GuestConfiguration guest, ComponentContext context, RuntimeOptions options, ShutdownSignal shutdown)
    {
        Guest = guest;
        var machineOptions = options.MachineOptions?.Invoke(guest) ?? new MachineOptions
        {
            MemoryMb = guest.GuestRamMb,
            Log = m => options.Log($"{guest.InstanceName}: {m}"),
        };
        Machine = new PcMachine(machineOptions);
        try
        {
            options.ConfigureMachine?.Invoke(guest, Machine);
            var vm = new VmContext(guest.InstanceName, Machine, options.ComponentOut);
            foreach (var extension in options.Extensions) extension.Configure(vm);
            CrossVmHypercalls.Install(Machine, guest, context, shutdown, options.Log);
            var image = options.Images(guest);
            Machine.Boot(image.Kernel, image.Initrd, image.CommandLine, image.Modules);
        }
        catch
        {
            Machine.Dispose();
            throw;
        }
    }

    public GuestConfiguration Guest { get; }

    public PcMachine Machine { get; }

    /// <summary>How the machine stopped, once it has.</summary>
    public MachineExit? Exit
    {
        get { lock (this) return _exit; }
    }

    public void Run()
    {
        var exit = Machine.Run();
        lock (this) _exit = exit;
    }

    public void Dispose() => Machine.Dispose();
}
