using System.Buffers.Binary;
using CamkesVm.Machine.Net;
using static CamkesVm.Machine.Devices.Net.Intel82574LRegisters;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// The receive side (datasheet §7.1): address filtering against the receive address registers, the multicast
/// table and RCTL's promiscuous/broadcast bits (§7.1.1.1); frames padded to the 60-byte minimum, with the FCS
/// appended unless RCTL.SECRC strips it; written into the buffers of the descriptors from RDH up to RDT,
/// spanning several when longer than the RCTL buffer size, with legacy (§7.1.4.2) or, when RFCTL.EXSTEN is
/// set, extended write-back (§7.1.4.3). Status IXSM tells the driver no checksum was checked. Each frame
/// raises RXT0; RXDMT0 when the free descriptors fall to the RDMTS fraction of the ring.
/// </summary>
public sealed partial class Intel82574L
{
    private const byte RxStatusDone = 0x01, RxStatusEop = 0x02, RxStatusIgnoreChecksum = 0x04;
    private const int MinimumFrame = 60, FcsLength = 4, MaxStandardFrame = 1522;
    private readonly byte[] _rxFrame = new byte[0x1_0000 + FcsLength];

    private enum Delivery { Delivered, Filtered, NoDescriptors }

    private Delivery DeliverFrame(byte[] frame)
    {
        uint rctl = _csr[Rctl / 4];
        if ((rctl & RctlEnable) == 0) return Delivery.Filtered; // a disabled receiver drops what arrives
        if (!Accepts(frame, rctl)) return Delivery.Filtered;
        if (frame.Length > MaxStandardFrame && (rctl & (1u << 5)) == 0) return Delivery.Filtered; // LPE clear
        int length = PrepareFrame(frame, (rctl & RctlStripCrc) == 0);
        uint count = _csr[Rdlen / 4] / DescriptorSize, head = _csr[Rdh / 4], tail = _csr[Rdt / 4];
        if (count == 0 || head >= count || tail >= count) return Delivery.NoDescriptors;
        int bufferSize = BufferSize(rctl);
        uint needed = (uint)((length + bufferSize - 1) / bufferSize);
        uint free = (tail + count - head) % count;
        if (free < needed) return Delivery.NoDescriptors;
        WriteDescriptors(length, bufferSize, ref head, count);
        _csr[Rdh / 4] = head;
        uint causes = IcrRxt0;
        uint threshold = count >> (1 + (int)((rctl >> RctlDescriptorMinimumShift) & 3));
        if (free - needed <= threshold) causes |= IcrRxdmt0;
        RaiseCause(causes);
        return Delivery.Delivered;
    }

    private void WriteDescriptors(int length, int bufferSize, ref uint head, uint count)
    {
        bool extended = (_csr[Rfctl / 4] & RfctlExtendedStatus) != 0;
        uint ring = _csr[Rdbal / 4] & ~0xFu;
        Span<byte> d = stackalloc byte[DescriptorSize];
        for (int done = 0; done < length;)
        {
            uint at = ring + head * DescriptorSize;
            GuestDma.Read(_memory, at, d[..8]);
            ulong buffer = BinaryPrimitives.ReadUInt64LittleEndian(d);
            int chunk = Math.Min(bufferSize, length - done);
            if (buffer <= uint.MaxValue) GuestDma.Write(_memory, (uint)buffer, _rxFrame.AsSpan(done, chunk));
            else Report($"receive buffer 0x{buffer:x} is beyond 4 GiB; data dropped");
            done += chunk;
            byte status = (byte)(RxStatusDone | RxStatusIgnoreChecksum | (done == length ? RxStatusEop : 0));
            WriteBack(d, extended, chunk, status);
            GuestDma.Write(_memory, at, d);
            head = (head + 1) % count;
        }
    }

    private static void WriteBack(Span<byte> d, bool extended, int length, byte status)
    {
        if (extended)
        {
            d.Clear(); // MRQ, IP ID/checksum, errors, VLAN all zero
            BinaryPrimitives.WriteUInt32LittleEndian(d[8..], status);
            BinaryPrimitives.WriteUInt16LittleEndian(d[12..], (ushort)length);
            return;
        }
        d[8..].Clear(); // buffer address stays; checksum, errors, special zero
        BinaryPrimitives.WriteUInt16LittleEndian(d[8..], (ushort)length);
        d[12] = status;
    }

    private int PrepareFrame(byte[] frame, bool appendFcs)
    {
        int length = Math.Max(frame.Length, MinimumFrame);
        frame.CopyTo(_rxFrame, 0);
        _rxFrame.AsSpan(frame.Length, length - frame.Length).Clear();
        if (!appendFcs) return length;
        BinaryPrimitives.WriteUInt32LittleEndian(_rxFrame.AsSpan(length), EthernetCrc.Compute(_rxFrame.AsSpan(0, length)));
        return length + FcsLength;
    }

    /// <summary>RCTL.BSIZE with BSEX (§10.2.5.1): 2048/1024/512/256 bytes, or ×16 with BSEX.</summary>
    private static int BufferSize(uint rctl)
    {
        int size = 2048 >> (int)((rctl >> RctlBufferSizeShift) & 3);
        return (rctl & RctlBufferSizeExtension) != 0 && size != 2048 ? size * 16 : size;
    }

    private bool Accepts(ReadOnlySpan<byte> frame, uint rctl)
    {
        var destination = MacAddress.From(frame);
        if ((rctl & RctlUnicastPromiscuous) != 0 && !destination.IsMulticast) return true;
        if (destination == MacAddress.Broadcast) return (rctl & RctlBroadcastAccept) != 0 || (rctl & RctlMulticastPromiscuous) != 0;
        if (destination.IsMulticast) return (rctl & RctlMulticastPromiscuous) != 0 || MulticastTableHit(destination, rctl);
        for (int i = 0; i < ReceiveAddressCount; i++)
        {
            uint high = _csr[(Rah0 + 8 * i) / 4];
            if ((high & RahAddressValid) == 0) continue;
            ulong value = (ulong)(high & 0xFFFF) << 32 | _csr[(Ral0 + 8 * i) / 4];
            if (destination == FromRegisterOrder(value)) return true;
        }
        return false;
    }

    /// <summary>RAL/RAH hold the address with the first octet in the lowest byte.</summary>
    private static MacAddress FromRegisterOrder(ulong value)
    {
        Span<byte> octets = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(octets, value);
        return MacAddress.From(octets);
    }

    /// <summary>The 12-bit hash of §7.1.1.1: address bits [47:36], [46:35], [45:34] or [43:32] by RCTL.MO, indexing the MTA bit array.</summary>
    private bool MulticastTableHit(MacAddress destination, uint rctl)
    {
        int shift = (int)((rctl >> RctlMulticastOffsetShift) & 3) switch { 0 => 4, 1 => 3, 2 => 2, _ => 0 };
        int hash = ((destination[4] >> shift) | (destination[5] << (8 - shift))) & 0xFFF;
        return (_csr[Mta / 4 + (hash >> 5)] & (1u << (hash & 31))) != 0;
    }
}
