using System.Buffers.Binary;
using static CamkesVm.Machine.Devices.Net.Intel82574LRegisters;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// The transmit ring (datasheet §7.2): between TDH and TDT the guest hands the card legacy descriptors
/// (§7.2.10.1), context descriptors (§7.2.10.2, checksum offsets and TSO parameters) and data descriptors
/// (§7.2.10.3). Buffers are gathered up to EOP; with RS the descriptor's DD bit is written back. At the end
/// TXDW (a descriptor was written back) and TXQE (the ring is empty) are raised, and the backend is told the
/// batch is over (the NAT acknowledges it with one ACK).
/// </summary>
public sealed partial class Intel82574L
{
    private const byte LegacyEop = 0x01, LegacyIc = 0x04, CmdRs = 0x08, CmdDext = 0x20, TucmdTse = 0x04;
    private const byte PoptsIxsm = 0x01, PoptsTxsm = 0x02;
    private const int MaxTransmitBytes = 256 * 1024;

    private readonly byte[] _txBuffer = new byte[MaxTransmitBytes];
    private readonly byte[] _txSegment = new byte[TxOffload.MaxSegmentBytes];
    private int _txLength;
    private bool _txFirst = true, _txTso;
    private byte _txPopts;
    private TxContext _txContext;

    private void Transmit()
    {
        if ((_csr[Tctl / 4] & TctlEnable) == 0) return;
        uint count = _csr[Tdlen / 4] / DescriptorSize;
        uint head = _csr[Tdh / 4], tail = _csr[Tdt / 4];
        if (count == 0 || head >= count || tail >= count) return;
        uint ring = _csr[Tdbal / 4] & ~0xFu;
        uint causes = 0;
        Span<byte> d = stackalloc byte[DescriptorSize];
        for (uint n = 0; head != tail && n < count; n++)
        {
            uint at = ring + head * DescriptorSize;
            GuestDma.Read(_memory, at, d);
            if (ProcessTransmitDescriptor(d))
            {
                d[12] |= 0x01; // DD
                GuestDma.Write(_memory, at + 12, d.Slice(12, 1));
                causes |= IcrTxdw;
            }
            head = (head + 1) % count;
        }
        if (head != _csr[Tdh / 4]) _backend.EndOfTransmit();
        _csr[Tdh / 4] = head;
        RaiseCause(causes | IcrTxqe);
    }

    /// <summary>Handles one descriptor; returns whether its status must be written back (RS).</summary>
    private bool ProcessTransmitDescriptor(ReadOnlySpan<byte> d)
    {
        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(d);
        uint dword2 = BinaryPrimitives.ReadUInt32LittleEndian(d[8..]);
        byte cmd = d[11];
        if ((cmd & CmdDext) == 0)
        {
            Gather(address, (int)(dword2 & 0xFFFF));
            if ((cmd & LegacyEop) != 0) FinishLegacy(d[10], d[13], (cmd & LegacyIc) != 0);
            return (cmd & CmdRs) != 0;
        }
        int type = (int)(dword2 >> 20) & 0xF;
        if (type == 0)
        {
            _txContext = TxContext.From(d);
            return (cmd & CmdRs) != 0;
        }
        if (type != 1) { Report($"transmit descriptor type {type} is not defined; skipped"); return (cmd & CmdRs) != 0; }
        if (_txFirst) { _txPopts = d[13]; _txTso = (cmd & TucmdTse) != 0; }
        Gather(address, (int)(dword2 & 0xF_FFFF));
        if ((cmd & LegacyEop) != 0) FinishExtended();
        return (cmd & CmdRs) != 0;
    }

    private void Gather(ulong address, int length)
    {
        _txFirst = false;
        if (address > uint.MaxValue || _txLength + length > MaxTransmitBytes)
        {
            Report($"transmit buffer 0x{address:x}+{length} is beyond 4 GiB or the packet exceeds {MaxTransmitBytes} bytes; dropped");
            _txLength = MaxTransmitBytes + 1;
            return;
        }
        GuestDma.Read(_memory, (uint)address, _txBuffer.AsSpan(_txLength, length));
        _txLength += length;
    }

    private void FinishLegacy(byte cso, byte css, bool insertChecksum)
    {
        int length = TakePacket();
        if (length < 0) return;
        var packet = _txBuffer.AsSpan(0, length);
        if (insertChecksum) TxOffload.InsertChecksum(packet, css, cso, 0);
        _backend.Send(packet);
    }

    private void FinishExtended()
    {
        int length = TakePacket();
        if (length < 0) return;
        var packet = _txBuffer.AsSpan(0, length);
        if (_txTso)
        {
            if (TxOffload.Segment(packet, _txContext, _txSegment, _backend) is { } problem) Report(problem);
            return;
        }
        if ((_txPopts & PoptsIxsm) != 0) TxOffload.InsertChecksum(packet, _txContext.IpStart, _txContext.IpOffset, _txContext.IpEnd);
        if ((_txPopts & PoptsTxsm) != 0) TxOffload.InsertChecksum(packet, _txContext.L4Start, _txContext.L4Offset, _txContext.L4End);
        _backend.Send(packet);
    }

    /// <summary>Ends the gathered packet: its length, or -1 when it is too short or was dropped.</summary>
    private int TakePacket()
    {
        int length = _txLength is >= 14 and <= MaxTransmitBytes ? _txLength : -1;
        _txLength = 0;
        _txFirst = true;
        return length;
    }
}
