using System.Buffers.Binary;
using CamkesVm.Machine.Net;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// The offsets a transmit context descriptor gives (82574 datasheet §7.2.10.2): IP checksum start/offset/end,
/// TCP/UDP checksum start/offset/end (end 0 = to the end of the packet), TUCMD (IP = IPv4, TCP), header length
/// and MSS for TCP segmentation.
/// </summary>
internal readonly record struct TxContext(byte IpStart, byte IpOffset, ushort IpEnd, byte L4Start, byte L4Offset,
    ushort L4End, byte Command, byte HeaderLength, ushort Mss)
{
    public const byte CommandTcp = 0x01, CommandIpv4 = 0x02;

    public static TxContext From(ReadOnlySpan<byte> d) => new(d[0], d[1], BinaryPrimitives.ReadUInt16LittleEndian(d[2..]),
        d[4], d[5], BinaryPrimitives.ReadUInt16LittleEndian(d[6..]), d[11], d[13], BinaryPrimitives.ReadUInt16LittleEndian(d[14..]));
}

/// <summary>
/// What the transmit offloads do to a packet (82574 datasheet §7.2.4 checksum offload, §7.2.5 TCP segmentation):
/// a checksum over [start, end] stored at an offset, and cutting a large TCP packet into MSS-sized frames
/// that each get the header with fixed-up IP length/ID/checksum and TCP sequence/flags/checksum.
/// </summary>
internal static class TxOffload
{
    /// <summary>Largest frame a segment can make: a 255-byte header and a 64 KiB payload is far beyond any MSS.</summary>
    public const int MaxSegmentBytes = 256 + 0x1_0000;
    private const byte TcpFin = 0x01, TcpPsh = 0x08;

    /// <summary>
    /// Sums the packet from <paramref name="start"/> to <paramref name="end"/> inclusive (0: to the end) with the
    /// checksum field as the driver left it (it holds the pseudo-header sum for TCP/UDP), stores the complement.
    /// Offsets outside the packet are ignored.
    /// </summary>
    public static void InsertChecksum(Span<byte> packet, int start, int offset, int end)
    {
        int last = end == 0 || end >= packet.Length ? packet.Length - 1 : end;
        if (start > last || offset + 2 > packet.Length) return;
        ushort sum = InternetChecksum.Compute(packet[start..(last + 1)]);
        BinaryPrimitives.WriteUInt16BigEndian(packet[offset..], sum);
    }

    /// <summary>Sends <paramref name="packet"/> as TCP segments of at most MSS payload bytes; returns a problem or null.</summary>
    public static string? Segment(ReadOnlySpan<byte> packet, TxContext c, Span<byte> scratch, INetworkBackend wire)
    {
        int header = c.HeaderLength;
        if ((c.Command & TxContext.CommandTcp) == 0) return "TCP segmentation of a non-TCP packet is not supported; dropped";
        if (header < c.L4Start + 20 || header > packet.Length || c.Mss == 0 || c.IpStart + 20 > c.L4Start)
            return $"TCP segmentation context (header {header}, MSS {c.Mss}, IP at {c.IpStart}, TCP at {c.L4Start}) does not fit a {packet.Length}-byte packet; dropped";
        bool ipv4 = (c.Command & TxContext.CommandIpv4) != 0;
        int payload = packet.Length - header;
        ushort ipId = BinaryPrimitives.ReadUInt16BigEndian(packet[(c.IpStart + 4)..]);
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(packet[(c.L4Start + 4)..]);
        int index = 0;
        for (int done = 0; done < payload || (payload == 0 && index == 0); index++)
        {
            int chunk = Math.Min(c.Mss, payload - done);
            var frame = scratch[..(header + chunk)];
            packet[..header].CopyTo(frame);
            packet.Slice(header + done, chunk).CopyTo(frame[header..]);
            done += chunk;
            FixIp(frame, c.IpStart, ipv4, (ushort)(ipId + index));
            FixTcp(frame, c.IpStart, c.L4Start, ipv4, sequence + (uint)(done - chunk), last: done >= payload);
            wire.Send(frame);
        }
        return null;
    }

    private static void FixIp(Span<byte> frame, int ip, bool ipv4, ushort id)
    {
        if (!ipv4)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 4)..], (ushort)(frame.Length - ip - 40));
            return;
        }
        int ihl = (frame[ip] & 0xF) * 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 2)..], (ushort)(frame.Length - ip));
        BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 4)..], id);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 10)..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 10)..], InternetChecksum.Compute(frame.Slice(ip, Math.Max(20, ihl))));
    }

    private static void FixTcp(Span<byte> frame, int ip, int tcp, bool ipv4, uint sequence, bool last)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame[(tcp + 4)..], sequence);
        if (!last) frame[tcp + 13] &= unchecked((byte)~(TcpFin | TcpPsh));
        int length = frame.Length - tcp;
        uint pseudo = ipv4
            ? InternetChecksum.PseudoHeaderV4(frame[(ip + 12)..], frame[(ip + 16)..], 6, length)
            : InternetChecksum.PseudoHeaderV6(frame[(ip + 8)..], frame[(ip + 24)..], 6, length);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(tcp + 16)..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(tcp + 16)..], InternetChecksum.Finish(InternetChecksum.Add(pseudo, frame[tcp..])));
    }
}
