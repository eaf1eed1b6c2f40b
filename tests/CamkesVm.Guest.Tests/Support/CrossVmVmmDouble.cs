using System.Buffers.Binary;
using CamkesVm.Machine;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Machine.Time;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// The VMM's half of the cross-VM ABI (DESIGN.md "Cross-VM ABI"), written in the test from the ABI alone, to
/// exercise the guest's modules without the runtime: token 1 SHARE maps a host buffer over the guest's pages
/// (after checking id, size, alignment and RAM bounds), token 2 INIT stamps the event page with magic 42 and
/// ACK releases the next queued event, token 3 EMIT records the id and calls <see cref="Emitted"/>.
/// Handlers run on the machine thread; the recorded lists are read by the test after the guest has answered.
/// </summary>
public sealed unsafe class CrossVmVmmDouble
{
    public const uint DataportToken = 1, EventToken = 2, EmitToken = 3;
    public const int EventIrq = 12;
    public const uint EventMagic = 42;
    private const uint Einval = unchecked((uint)-22);

    private readonly PcMachine _machine;
    private readonly IReadOnlyDictionary<uint, uint> _dataportSizes;
    private readonly HashSet<uint> _emitIds;
    private readonly Dictionary<uint, nint> _shared = [];
    private readonly Queue<uint> _toDeliver = new();
    private readonly DeviceTimer _deliveryTimer;
    private readonly object _lock = new();
    private bool _awaitingAck;

    /// <summary>Every SHARE the guest made that was accepted: (id, guest-physical address, size).</summary>
    public List<(uint Id, uint Address, uint Size)> Shares { get; } = [];
    /// <summary>Every hypercall the double refused, with why.</summary>
    public List<string> Refused { get; } = [];
    /// <summary>Guest-physical address of the event page (0 before INIT).</summary>
    public uint EventPage { get; private set; }
    /// <summary>Ids of the events the guest emitted, in order.</summary>
    public List<uint> Emits { get; } = [];
    /// <summary>ACKs received.</summary>
    public int Acks { get; private set; }
    /// <summary>Called on the machine thread after an accepted EMIT with its id (the native component's side).</summary>
    public Action<uint>? Emitted { get; set; }

    /// <param name="dataportSizes">The dataports the "spec" declares: id to size.</param>
    /// <param name="emitIds">The ids the guest may emit.</param>
    public CrossVmVmmDouble(PcMachine machine, IReadOnlyDictionary<uint, uint> dataportSizes, IEnumerable<uint> emitIds)
    {
        _machine = machine;
        _dataportSizes = dataportSizes;
        _emitIds = [.. emitIds];
        _deliveryTimer = machine.Clock.CreateTimer("cross-VM test event", _ => DeliverNext());
        machine.Hypercalls.Register(DataportToken, Share);
        machine.Hypercalls.Register(EventToken, Event);
        machine.Hypercalls.Register(EmitToken, Emit);
    }

    /// <summary>A copy of the NUL-terminated string at the start of shared dataport <paramref name="id"/>.</summary>
    public string ReadString(uint id)
    {
        var bytes = new ReadOnlySpan<byte>((void*)_shared[id], (int)_dataportSizes[id]);
        int end = bytes.IndexOf((byte)0);
        return System.Text.Encoding.Latin1.GetString(end < 0 ? bytes : bytes[..end]);
    }

    /// <summary>Sends event <paramref name="id"/> to the guest <paramref name="delayNs"/> of guest time from now (machine thread).</summary>
    public void SendEvent(uint id, long delayNs)
    {
        _toDeliver.Enqueue(id);
        if (!_awaitingAck && !_deliveryTimer.IsArmed) _deliveryTimer.Arm(_machine.Clock.NowNs + delayNs);
    }

    private uint Share(HypercallArgs a)
    {
        uint id = a.Arg1, address = a.Arg2, size = a.Arg3;
        string? problem = a.Arg0 != 1 ? $"dataport command {a.Arg0}"
            : !_dataportSizes.TryGetValue(id, out uint declared) ? $"unknown dataport id {id}"
            : size != declared ? $"dataport {id}: size {size}, declared {declared}"
            : address % 4096 != 0 ? $"dataport {id}: address 0x{address:x} not page-aligned"
            : (ulong)address + size > _machine.Memory.RamSize ? $"dataport {id}: 0x{address:x}+{size} outside RAM"
            : _shared.ContainsKey(id) ? $"dataport {id} shared twice" : null;
        if (problem != null) return Refuse(problem);
        byte* host = _machine.Memory.AllocateZeroed(size);
        _machine.Memory.MapHost(address, host, size);
        _shared[id] = (nint)host;
        lock (_lock) Shares.Add((id, address, size));
        return 0;
    }

    private uint Event(HypercallArgs a)
    {
        switch (a.Arg0)
        {
            case 1 when a.Arg1 % 4096 == 0 && a.Arg1 < _machine.Memory.RamSize:
                EventPage = a.Arg1;
                WriteU32(EventPage + 4, EventMagic);
                return 0;
            case 2 when _awaitingAck:
                Acks++;
                _awaitingAck = false;
                if (_toDeliver.Count > 0) _deliveryTimer.Arm(_machine.Clock.NowNs);
                return 0;
            default:
                return Refuse($"event command {a.Arg0} (ecx=0x{a.Arg1:x}, awaiting ack: {_awaitingAck})");
        }
    }

    private uint Emit(HypercallArgs a)
    {
        if (a.Arg0 != 1 || !_emitIds.Contains(a.Arg1)) return Refuse($"emit command {a.Arg0} id {a.Arg1}");
        lock (_lock) Emits.Add(a.Arg1);
        Emitted?.Invoke(a.Arg1);
        return 0;
    }

    private void DeliverNext()
    {
        if (_awaitingAck || EventPage == 0 || !_toDeliver.TryDequeue(out uint id)) return;
        WriteU32(EventPage, id);
        _awaitingAck = true;
        _machine.IrqLine(EventIrq).Pulse();
    }

    private uint Refuse(string problem)
    {
        lock (_lock) Refused.Add(problem);
        return Einval;
    }

    private void WriteU32(uint address, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _machine.Memory.Write(address, bytes);
    }
}
