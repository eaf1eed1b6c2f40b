using System.Buffers.Binary;
using System.Collections.Concurrent;
using CamkesVm.Machine.Net;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>
/// The guest end of a backend in tests: builds the frames a guest would send (RFC 826, 791, 768, 792, 793 layouts,
/// written out here independently of the backend's own builders) and collects, with a timeout, what comes back.
/// </summary>
internal sealed class GuestSide : IFrameReceiver
{
    public static readonly byte[] Mac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
    public static readonly byte[] Ip = [10, 0, 2, 15], Gateway = [10, 0, 2, 2];
    private readonly BlockingCollection<byte[]> _frames = [];

    public void Receive(ReadOnlySpan<byte> frame) => _frames.Add(frame.ToArray());

    public byte[] Next(int seconds = 10)
    {
        Assert.True(_frames.TryTake(out var f, TimeSpan.FromSeconds(seconds)), "no frame came back within the timeout");
        return f!;
    }

    public bool Quiet(int milliseconds = 300) => !_frames.TryTake(out _, milliseconds);

    public static byte[] ArpRequest(byte[] target)
    {
        var f = new byte[42];
        f.AsSpan(0, 6).Fill(0xFF);
        Mac.CopyTo(f, 6);
        f[12] = 0x08; f[13] = 0x06;
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1];
        arp.CopyTo(f, 14);
        Mac.CopyTo(f, 22); Ip.CopyTo(f, 28); target.CopyTo(f, 38);
        return f;
    }

    public static byte[] Ipv4(byte[] source, byte[] destination, byte protocol, byte[] l4, byte[]? destinationMac = null)
    {
        var f = new byte[34 + l4.Length];
        (destinationMac ?? [0x52, 0x55, 0x0A, 0x00, 0x02, 0x02]).CopyTo(f, 0);
        Mac.CopyTo(f, 6);
        f[12] = 0x08;
        f[14] = 0x45; f[22] = 64; f[23] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), (ushort)(20 + l4.Length));
        source.CopyTo(f, 26); destination.CopyTo(f, 30);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(24), (ushort)~TestFrames.OnesSum(f.AsSpan(14, 20)));
        l4.CopyTo(f, 34);
        return f;
    }

    public static byte[] Udp(byte[] source, byte[] destination, ushort sourcePort, ushort port, byte[] payload, byte[]? destinationMac = null)
    {
        var u = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(u, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(2), port);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(4), (ushort)u.Length);
        payload.CopyTo(u, 8);
        return Ipv4(source, destination, 17, u, destinationMac); // UDP checksum 0: none (RFC 768)
    }

    public static byte[] Tcp(ushort sourcePort, ushort port, uint seq, uint ack, byte flags, ushort window, byte[]? payload = null, ushort mss = 0)
    {
        payload ??= [];
        int header = mss != 0 ? 24 : 20;
        var t = new byte[header + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(t, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(2), port);
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(8), ack);
        t[12] = (byte)(header / 4 << 4); t[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(14), window);
        if (mss != 0) { t[20] = 2; t[21] = 4; BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(22), mss); }
        payload.CopyTo(t, header);
        return Ipv4(Ip, Gateway, 6, t);
    }

    /// <summary>True when a received IPv4 frame's header checksum and (for TCP/UDP) transport checksum verify.</summary>
    public static bool Verifies(byte[] f)
    {
        if (TestFrames.OnesSum(f.AsSpan(14, 20)) != 0xFFFF) return false;
        byte protocol = f[23];
        if (protocol == 1) return TestFrames.OnesSum(f.AsSpan(34)) == 0xFFFF;
        int length = f.Length - 34;
        var pseudo = new byte[12 + length];
        f.AsSpan(26, 8).CopyTo(pseudo);
        pseudo[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)length);
        f.AsSpan(34).CopyTo(pseudo.AsSpan(12));
        return TestFrames.OnesSum(pseudo) == 0xFFFF;
    }

    public static byte TcpFlags(byte[] f) => f[47];
    public static uint TcpSeq(byte[] f) => BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(38));
    public static uint TcpAck(byte[] f) => BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(42));
    public static byte[] TcpPayload(byte[] f) => f[(34 + (f[46] >> 4) * 4)..];
}
