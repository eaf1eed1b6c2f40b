using System.Buffers.Binary;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>Hand-built frames for the tests (layouts from RFC 791, 768, 793; checksums verified with an independent sum).</summary>
internal static class TestFrames
{
    public static readonly byte[] GuestMac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
    public static readonly byte[] PeerMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

    /// <summary>An Ethernet frame to <paramref name="destination"/> with EtherType 0x88B5 (local experimental) and a counting payload.</summary>
    public static byte[] Raw(byte[] destination, int payload)
    {
        var f = new byte[14 + payload];
        destination.CopyTo(f, 0);
        PeerMac.CopyTo(f, 6);
        f[12] = 0x88; f[13] = 0xB5;
        for (int i = 0; i < payload; i++) f[14 + i] = (byte)i;
        return f;
    }

    /// <summary>Ethernet + IPv4 (no options) + TCP (20 bytes) carrying <paramref name="payload"/>; checksums left zero.</summary>
    public static byte[] Tcp(int payload, uint sequence, byte flags)
    {
        var f = new byte[14 + 20 + 20 + payload];
        PeerMac.CopyTo(f, 0);
        GuestMac.CopyTo(f, 6);
        f[12] = 0x08; f[13] = 0x00;
        f[14] = 0x45; f[22] = 64; f[23] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), (ushort)(40 + payload));
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(18), 0x1000);
        byte[] src = [10, 0, 2, 15], dst = [10, 0, 2, 2];
        src.CopyTo(f, 26); dst.CopyTo(f, 30);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(34), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(36), 5001);
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(38), sequence);
        f[46] = 0x50; f[47] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(48), 0xFFFF);
        for (int i = 0; i < payload; i++) f[54 + i] = (byte)(i * 7);
        return f;
    }

    /// <summary>The ones' complement sum of 16-bit words, written out independently of the code under test.</summary>
    public static ushort OnesSum(ReadOnlySpan<byte> data)
    {
        long sum = 0;
        for (int i = 0; i < data.Length; i += 2) sum += (data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0);
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>True when the IPv4 header checksum and the TCP checksum (with pseudo-header) of an Ethernet frame verify.</summary>
    public static bool ChecksumsVerify(byte[] f)
    {
        if (OnesSum(f.AsSpan(14, 20)) != 0xFFFF) return false;
        int tcpLength = f.Length - 34;
        var pseudo = new byte[12 + tcpLength];
        f.AsSpan(26, 8).CopyTo(pseudo);
        pseudo[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)tcpLength);
        f.AsSpan(34).CopyTo(pseudo.AsSpan(12));
        return OnesSum(pseudo) == 0xFFFF;
    }
}
