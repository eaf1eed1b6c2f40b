using CamkesVm.Adl.Vm;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CrossVm;

/// <summary>
/// Hypercall token 3, <c>EVENT_CMD_EMIT</c> (camkes_vm.md §3.2): EBX=1, ECX=event id. The VMM emits the guest's
/// <c>emits</c> interface with that id (its notification; never blocks) and resumes the guest.
/// </summary>
internal sealed class GuestEmits(IReadOnlyDictionary<int, (CrossVmEvent Event, IEventEmitter Emitter)> events, CrossVmLog log)
{
    public const uint Token = 3;
    public const uint CommandEmit = 1;

    public uint Handle(HypercallArgs args)
    {
        if (args.Arg0 != CommandEmit)
            return log.Refuse("emit request", $"unknown command {args.Arg0} (1 = emit)", CrossVmStatus.UnknownCommand);
        if (!events.TryGetValue(unchecked((int)args.Arg1), out var target))
            return log.Refuse("emit", $"unknown event id {args.Arg1} ({Known()})", CrossVmStatus.UnknownId);
        target.Emitter.Emit();
        return CrossVmStatus.ToEax(CrossVmStatus.Ok);
    }

    private string Known() => events.Count == 0
        ? "the spec gives this VM no emitted events"
        : "the spec has " + string.Join(", ", events.Values.OrderBy(e => e.Event.Id).Select(e => $"{e.Event.Id} = {e.Event.Interface}"));
}
