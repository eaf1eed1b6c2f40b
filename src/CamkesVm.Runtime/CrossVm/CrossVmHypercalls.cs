using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Connectors;
using CamkesVm.Runtime.Sync;
using CamkesVm.Runtime.Wiring;

namespace CamkesVm.Runtime.CrossVm;

/// <summary>
/// Installs the VMM side of the cross-VM connectors on one VM (derived from the spec, where the seed's app wrote
/// <c>cross_vm.c</c> tables by hand): tokens 1 (dataports), 2 (consumed events) and 3 (emitted events). A token an
/// app's <see cref="IVmExtension"/> already registered is left to the app (the seed lets an app supply its own).
/// </summary>
internal static class CrossVmHypercalls
{
    /// <summary>The mutex the original's <c>Init</c> declares for the event page (<c>has mutex cross_vm_event_mutex</c>).</summary>
    public const string EventMutex = "cross_vm_event_mutex";

    public static void Install(PcMachine machine, GuestConfiguration guest, ComponentContext vm, ShutdownSignal shutdown, Action<string> log)
    {
        var crossLog = new CrossVmLog(vm.InstanceName, log);
        var pages = new CrossVmPages();
        var table = machine.Hypercalls;
        if (!table.IsRegistered(DataportShare.Token))
        {
            var ports = guest.Dataports.Select(d => (d, vm.Dataport(d.Interface))).ToList();
            table.Register(DataportShare.Token, new DataportShare(machine, ports, pages, crossLog).Handle);
        }
        if (!table.IsRegistered(GuestEvents.Token))
        {
            var consumed = guest.ConsumedEvents.Where(e => e.Connection != null)
                .Select(e => (e, End: vm.Consumes(e.Interface) as EventConsumerEnd)).Where(e => e.End != null).Select(e => (e.e, e.End!)).ToList();
            table.Register(GuestEvents.Token, new GuestEvents(machine, consumed, EventMutexOf(vm, guest, shutdown, log), pages, crossLog).Handle);
        }
        if (!table.IsRegistered(GuestEmits.Token))
        {
            var emitted = guest.EmittedEvents.ToDictionary(e => e.Id, e => (e, vm.Emits(e.Interface)));
            table.Register(GuestEmits.Token, new GuestEmits(emitted, crossLog).Handle);
        }
    }

    /// <summary><c>cross_vm_event_mutex</c> if declared, else the VM type's only mutex, else one of the runtime's own.</summary>
    private static ComponentMutex EventMutexOf(ComponentContext vm, GuestConfiguration guest, ShutdownSignal shutdown, Action<string> log)
    {
        var mutexes = vm.MutexNames;
        var name = mutexes.Contains(EventMutex) ? EventMutex : mutexes.Count == 1 ? mutexes[0] : null;
        if (name != null) return (ComponentMutex)vm.Mutex(name);
        if (guest.ConsumedEvents.Count > 0)
            log($"{vm.InstanceName}: {vm.TypeName} declares no 'has mutex {EventMutex};' for its consumed events; the VMM uses a private one");
        return new ComponentMutex($"{vm.InstanceName}.<event page>", shutdown);
    }
}
