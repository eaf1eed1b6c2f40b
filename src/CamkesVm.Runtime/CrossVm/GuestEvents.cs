using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Runtime.Components;
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
/// </summary>
internal sealed class GuestEvents
{
    public const uint Token = 2;
    public const uint CommandInit = 1;
    public const uint CommandAck = 2;
    public const uint ContextMagic = 42;
    public const int EventIrq = 12;

    private readonly PcMachine _machine;
    private readonly IReadOnlyList<(CrossVmEvent Event, IEventConsumer Consumer)> _events;
    private readonly ComponentMutex _mutex;
    private readonly CrossVmPages _pages;
    private readonly CrossVmLog _log;
    private bool _listening;

    public GuestEvents(PcMachine machine, IReadOnlyList<(CrossVmEvent Event, IEventConsumer Consumer)> events, ComponentMutex mutex,
                       CrossVmPages pages, CrossVmLog log)
    {
        _machine = machine;
        _events = events;
        _mutex = mutex;
        _pages = pages;
        _log = log;
    }

    public uint Handle(HypercallArgs args) => args.Arg0 switch
    {
        CommandInit => Init(args.Arg1),
        CommandAck => _mutex.TryUnlock()
            ? CrossVmStatus.ToEax(CrossVmStatus.Ok)
            : _log.Refuse("event ack", "no event has been delivered since the last ack", CrossVmStatus.NotPending),
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
        if (!_listening)
        {
            _listening = true;
            foreach (var (e, consumer) in _events) new Listener(this, e.Id, consumer).Arm();
        }
        return CrossVmStatus.ToEax(CrossVmStatus.Ok);
    }

    /// <summary>On the VM thread: the id goes to the event page, then the interrupt.</summary>
    private void Deliver(uint id)
    {
        if (_pages.EventPage is { } page) _machine.Memory.WriteUInt32(page, id);
        _machine.IrqLine(EventIrq).Pulse();
    }

    /// <summary>The one-shot callback of one consumed event, re-armed after every delivery; runs on its consumer's thread.</summary>
    private sealed class Listener
    {
        private readonly GuestEvents _owner;
        private readonly IEventConsumer _consumer;
        private readonly Action _deliver, _onEvent;

        public Listener(GuestEvents owner, int id, IEventConsumer consumer)
        {
            _owner = owner;
            _consumer = consumer;
            _deliver = () => owner.Deliver((uint)id);
            _onEvent = OnEvent;
        }

        public void Arm() => _consumer.RegisterCallback(_onEvent);

        private void OnEvent()
        {
            _owner._mutex.Lock();       // released by the guest's ACK
            _owner._machine.Post(_deliver);
            Arm();
        }
    }
}
