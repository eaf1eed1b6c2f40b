using System.Buffers.Binary;
using static CamkesVm.Machine.Net.User.UserNetFrames;

namespace CamkesVm.Machine.Net.User;

/// <summary>
/// TCP from the guest (RFC 793/9293): a SYN to a reachable address opens a host socket; when it connects
/// the guest gets the SYN-ACK, when it is refused a RST. Segments of known connections go to their
/// <see cref="TcpNatConnection"/>; anything else is answered with a RST (§3.10.7.1).
/// </summary>
public sealed partial class UserNetwork
{
    internal const byte TcpFin = 0x01, TcpSyn = 0x02, TcpRst = 0x04, TcpPsh = 0x08, TcpAck = 0x10;
    private readonly Dictionary<(ushort GuestPort, uint Remote, ushort RemotePort), TcpNatConnection> _tcp = [];
    private readonly List<TcpNatConnection> _owingAcks = [];

    /// <summary>Open TCP connections (for tests and diagnostics).</summary>
    public int TcpConnectionCount
    {
        get { lock (_lock) return _tcp.Count; }
    }

    private void HandleTcp(uint source, uint destination, ReadOnlySpan<byte> tcp)
    {
        if (tcp.Length < 20) return;
        if (!TcpSegment.TryParse(tcp, out var s)) return;
        var key = (s.SourcePort, destination, s.DestinationPort);
        if (_tcp.TryGetValue(key, out var connection)) { connection.Handle(s); return; }
        if ((s.Flags & TcpRst) != 0) return;
        if ((s.Flags & (TcpSyn | TcpAck)) == TcpSyn && HostTarget(destination) is { } host)
        {
            connection = new TcpNatConnection(this, source, s.SourcePort, destination, s.DestinationPort, s);
            _tcp[key] = connection;
            connection.Connect(host);
            return;
        }
        uint seq = (s.Flags & TcpAck) != 0 ? s.Ack : 0;
        uint ack = s.Sequence + (uint)s.Payload.Length + ((s.Flags & TcpSyn) != 0 ? 1u : 0) + ((s.Flags & TcpFin) != 0 ? 1u : 0);
        SendTcp(source, s.SourcePort, destination, s.DestinationPort, TcpRst | TcpAck, seq, ack, 0, [], 0);
    }

    /// <summary>Builds and delivers a TCP segment to the guest (with an MSS option when <paramref name="mss"/> is not 0).</summary>
    internal void SendTcp(uint guest, ushort guestPort, uint remote, ushort remotePort, byte flags, uint seq, uint ack,
        ushort window, ReadOnlySpan<byte> payload, ushort mss)
    {
        int header = mss != 0 ? 24 : 20;
        var f = Ipv4(_guestMac, GatewayMac, remote, guest, ProtocolTcp, header + payload.Length);
        var t = f.AsSpan(L4);
        BinaryPrimitives.WriteUInt16BigEndian(t, remotePort);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], guestPort);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(t[8..], ack);
        t[12] = (byte)(header / 4 << 4);
        t[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(t[14..], window);
        if (mss != 0)
        {
            t[20] = 2; t[21] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(t[22..], mss);
        }
        payload.CopyTo(t[header..]);
        FinishTransport(f);
        Deliver(f);
    }

    /// <summary>Sends the ACKs that in-order segments of the card's last transmit batch left owing (one per connection).</summary>
    public void EndOfTransmit()
    {
        lock (_lock)
        {
            foreach (var connection in _owingAcks) connection.SendOwedAck();
            _owingAcks.Clear();
        }
    }

    /// <summary>Registers a connection whose ACK waits for the end of the transmit batch.</summary>
    internal void OweAck(TcpNatConnection connection) => _owingAcks.Add(connection);

    internal object Lock => _lock;

    internal bool IsDisposed => _disposed;

    internal void LogTcp(string message) => Log(message);

    internal void Forget(TcpNatConnection connection) => _tcp.Remove((connection.GuestPort, connection.Remote, connection.RemotePort));

    private void CloseTcp()
    {
        foreach (var c in _tcp.Values.ToList()) c.Abort();
        _tcp.Clear();
    }
}

/// <summary>The fields of a TCP segment the NAT uses (RFC 9293 §3.1); the payload aliases the frame.</summary>
internal readonly ref struct TcpSegment
{
    public ushort SourcePort { get; init; }
    public ushort DestinationPort { get; init; }
    public uint Sequence { get; init; }
    public uint Ack { get; init; }
    public byte Flags { get; init; }
    public ushort Window { get; init; }
    public ushort Mss { get; init; }
    public ReadOnlySpan<byte> Payload { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> t, out TcpSegment segment)
    {
        segment = default;
        int offset = (t[12] >> 4) * 4;
        if (offset < 20 || offset > t.Length) return false;
        segment = new TcpSegment
        {
            SourcePort = BinaryPrimitives.ReadUInt16BigEndian(t),
            DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(t[2..]),
            Sequence = BinaryPrimitives.ReadUInt32BigEndian(t[4..]),
            Ack = BinaryPrimitives.ReadUInt32BigEndian(t[8..]),
            Flags = t[13],
            Window = BinaryPrimitives.ReadUInt16BigEndian(t[14..]),
            Mss = FindMss(t[20..offset]),
            Payload = t[offset..],
        };
        return true;
    }

    private static ushort FindMss(ReadOnlySpan<byte> options)
    {
        for (int i = 0; i < options.Length;)
        {
            byte kind = options[i];
            if (kind == 0) break;
            if (kind == 1) { i++; continue; }
            if (i + 1 >= options.Length || options[i + 1] < 2) break;
            if (kind == 2 && options[i + 1] == 4 && i + 4 <= options.Length) return BinaryPrimitives.ReadUInt16BigEndian(options[(i + 2)..]);
            i += options[i + 1];
        }
        return 0;
    }
}
