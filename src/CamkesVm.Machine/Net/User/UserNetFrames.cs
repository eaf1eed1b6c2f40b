using System.Buffers.Binary;

namespace CamkesVm.Machine.Net.User;

/// <summary>
/// Offsets and builders for the frames the user-mode network exchanges: Ethernet II (14 bytes), IPv4 without
/// options (RFC 791, 20 bytes), then ICMP/UDP/TCP. Addresses are IPv4 addresses as big-endian uints.
/// </summary>
internal static class UserNetFrames
{
    public const int Ethernet = 14, Ip = Ethernet, L4 = Ip + 20;
    public const ushort TypeIpv4 = 0x0800, TypeArp = 0x0806;
    public const byte ProtocolIcmp = 1, ProtocolTcp = 6, ProtocolUdp = 17;

    /// <summary>A frame with Ethernet and IPv4 headers filled in and <paramref name="l4Length"/> zero bytes after them.</summary>
    public static byte[] Ipv4(MacAddress destination, MacAddress source, uint sourceIp, uint destinationIp, byte protocol, int l4Length)
    {
        var f = new byte[L4 + l4Length];
        destination.CopyTo(f);
        source.CopyTo(f.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), TypeIpv4);
        f[Ip] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(Ip + 2), (ushort)(20 + l4Length));
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(Ip + 6), 0x4000); // don't fragment
        f[Ip + 8] = 64;
        f[Ip + 9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(Ip + 12), sourceIp);
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(Ip + 16), destinationIp);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(Ip + 10), InternetChecksum.Compute(f.AsSpan(Ip, 20)));
        return f;
    }

    /// <summary>Stores the TCP or UDP checksum (with the IPv4 pseudo-header) of a frame built by <see cref="Ipv4"/>.</summary>
    public static void FinishTransport(byte[] f)
    {
        byte protocol = f[Ip + 9];
        int field = L4 + (protocol == ProtocolTcp ? 16 : 6);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(field), 0);
        var l4 = f.AsSpan(L4);
        ushort sum = InternetChecksum.Finish(InternetChecksum.Add(
            InternetChecksum.PseudoHeaderV4(f.AsSpan(Ip + 12), f.AsSpan(Ip + 16), protocol, l4.Length), l4));
        if (protocol == ProtocolUdp && sum == 0) sum = 0xFFFF; // RFC 768: zero means "no checksum"
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(field), sum);
    }

    /// <summary>A UDP datagram frame.</summary>
    public static byte[] Udp(MacAddress destination, MacAddress source, uint sourceIp, ushort sourcePort, uint destinationIp, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var f = Ipv4(destination, source, sourceIp, destinationIp, ProtocolUdp, 8 + payload.Length);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(L4), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(L4 + 2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(L4 + 4), (ushort)(8 + payload.Length));
        payload.CopyTo(f.AsSpan(L4 + 8));
        FinishTransport(f);
        return f;
    }

    /// <summary>The IPv4 address as text.</summary>
    public static string Format(uint ip) => $"{ip >> 24}.{(ip >> 16) & 0xFF}.{(ip >> 8) & 0xFF}.{ip & 0xFF}";
}
