using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Runtime.Connectors;
using CamkesVm.Runtime.Sync;

namespace CamkesVm.Runtime.CrossVm;

/// <summary>
/// Events the guest consumes (camkes_vm.md §3.2, hypercall token 2). <c>EVENT_CMD_INIT</c> (EBX=1, ECX=guest-physical
/// address of the shared event page) names the page holding <c>event_context_t { u32 id; u32 magic; }</c> (id at
/// offset 0, magic at 4); the VMM writes magic = 42 there for the module's sanity check. When a consumed event
/// fires, the VMM takes the spec's cross-VM event mutex, writes the event id to the page and raises guest IRQ 12
/// (an edge on ISA IRQ 12); the guest's <c>EVENT_CMD_ACK</c> (EBX=2) unlocks the mutex, so the next event waits
/// until the guest has read the id. Choices where the original is silent or rough: events that fire before INIT
/// stay latched in their notification and are delivered after INIT (the original dropped them); the page must be
/// 4 KiB aligned and in RAM; a second INIT moves the page; an ACK with nothing delivered is refused.
/// Delivery runs on the VM thread: a signal on a consumed end posts one <see cref="Pump"/> to the machine (no thread
/// of its own, nothing allocated), and the ACK pumps the next pending event at once; pending events are served in
/// turn, so a busy one cannot starve the others.
/// </summary>
internal sealed class GuestEvents
{
    public const uint Token = 2;
    public const uint CommandInit = 1;
    public const uint CommandAck = 2;
    public const uint ContextMagic = 42;
    public const int EventIrq = 12;

    private readonly PcMachine _machine;
    private readonly (uint Id, EventConsumerEnd End)[] _events;
    private readonly ComponentMutex _mutex;
    private readonly CrossVmPages _pages;
    private readonly CrossVmLog _log;
    private readonly Action _pump;
    private int _pumpQueued;   // 1 while a Pump is posted and has not started (any thread)
    private bool _delivered;   // an id is on the event page and the guest has not acknowledged it (VM thread)
    private int _next;         // where the next search for a pending event starts (VM thread)

    public GuestEvents(PcMachine machine, IReadOnlyList<(CrossVmEvent Event, EventConsumerEnd End)> events, ComponentMutex mutex,
                       CrossVmPages pages, CrossVmLog log)
    {
        _machine = machine;
        _events = [.. events.Select(e => ((uint)e.Event.Id, e.End))];
        _mutex = mutex;
        _pages = pages;
        _log = log;
        _pump = Pump;
        foreach (var (_, end) in _events) end.Watch(RequestPump);
    }

    public uint Handle(HypercallArgs args) => args.Arg0 switch
    {
        CommandInit => Init(args.Arg1),
        CommandAck => Ack(),
        _ => _log.Refuse("event request", $"unknown command {args.Arg0} (1 = init, 2 = ack)", CrossVmStatus.UnknownCommand),
    };

    private uint Init(uint page)
    {
        var where = $"event page at 0x{page:x8}";
        switch (GuestRam.CheckPages(_machine, page, GuestRam.PageSize))
        {
            case CrossVmStatus.Invalid:
                return _log.Refuse("event init", $"{where}: the address is not 4 KiB aligned", CrossVmStatus.Invalid);
            case CrossVmStatus.NotRam:
                return _log.Refuse("event init", $"{where}: not inside the guest's RAM", CrossVmStatus.NotRam);
        }
        _pages.EventPage = null;
        if (_pages.Conflict(page, GuestRam.PageSize, null) is { } other)
            return _log.Refuse("event init", $"{where} overlaps {other}", CrossVmStatus.Overlap);
        _pages.EventPage = page;
        _machine.Memory.WriteUInt32(page, 0);
        _machine.Memory.WriteUInt32(page + 4, ContextMagic);
        Pump();
        return CrossVmStatus.ToEax(CrossVmStatus.Ok);
    }

    private uint Ack()
    {
        if (!_delivered || !_mutex.TryUnlock())
            return _log.Refuse("event ack", "no event has been delivered since the last ack", CrossVmStatus.NotPending);
        _delivered = false;
        Pump();
        return CrossVmStatus.ToEax(CrossVmStatus.Ok);
    }

    /// <summary>Any thread (a consumed end's watcher): have the VM thread look for pending events.</summary>
    private void RequestPump()
    {
        if (Interlocked.Exchange(ref _pumpQueued, 1) == 0) _machine.Post(_pump);
    }

    /// <summary>
    /// On the VM thread: unless an event awaits its ACK (or there is no event page yet), takes the event mutex and
    /// delivers the next pending event — its id to the page, then the interrupt. The mutex belongs to the VM instance,
    /// which no app code can reach, so only a delivery awaiting its ACK holds it; should anything else ever hold it,
    /// the pump is tried again on a later turn of the machine loop.
    /// </summary>
    private void Pump()
    {
        Volatile.Write(ref _pumpQueued, 0);
        if (_delivered || _pages.EventPage is not { } page) return;
        if (!_mutex.TryLock())
        {
            RequestPump();
            return;
        }
        for (int i = 0; i < _events.Length; i++)
        {
            int k = (_next + i) % _events.Length;
            if (!_events[k].End.Poll()) continue;
            _next = k + 1;
            _delivered = true;
            _machine.Memory.WriteUInt32(page, _events[k].Id);
            _machine.IrqLine(EventIrq).Pulse();
            return;
        }
        _mutex.TryUnlock();
    }
}
