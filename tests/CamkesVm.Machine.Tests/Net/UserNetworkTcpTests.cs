using System.Net;
using System.Net.Sockets;
using CamkesVm.Machine.Net.User;
using static CamkesVm.Machine.Tests.Net.GuestSide;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>TCP through the user-mode NAT at segment level (RFC 9293): handshake, data both ways, retransmits, window, FIN, RST.</summary>
public sealed class UserNetworkTcpTests : IDisposable
{
    private const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;
    private readonly UserNetwork _net = new();
    private readonly GuestSide _guest = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ushort _port;

    public UserNetworkTcpTests()
    {
        _net.Attach(_guest);
        _listener.Start();
        _port = (ushort)((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _net.Dispose();
        _listener.Stop();
    }

    [Fact]
    public void Data_goes_both_ways_and_both_sides_close()
    {
        var (server, iss) = Handshake(window: 8192);
        using var stream = server.GetStream();
        _net.Send(Tcp(40000, _port, 1001, iss + 1, Ack | Psh, 8192, "guest data"u8.ToArray()));
        var ack = _guest.Next();
        Assert.Equal(1011u, TcpAck(ack));
        Assert.Equal("guest data", ReadExactly(stream, 10));

        stream.Write("host data"u8);
        var data = _guest.Next();
        Assert.True(Verifies(data));
        Assert.Equal(iss + 1, TcpSeq(data));
        Assert.Equal("host data"u8.ToArray(), TcpPayload(data));
        _net.Send(Tcp(40000, _port, 1011, iss + 10, Ack, 8192));

        _net.Send(Tcp(40000, _port, 1011, iss + 10, Fin | Ack, 8192));
        Assert.Equal(1012u, TcpAck(_guest.Next()));
        Assert.Equal(0, stream.Read(new byte[1])); // the host saw the guest's FIN
        server.Close();
        var fin = _guest.Next();
        Assert.Equal(Fin | Ack, TcpFlags(fin) & (Fin | Ack));
        Assert.Equal(iss + 10, TcpSeq(fin));
        _net.Send(Tcp(40000, _port, 1012, iss + 11, Ack, 8192));
        Assert.Equal(0, _net.TcpConnectionCount);
    }

    [Fact]
    public void A_retransmitted_segment_is_acknowledged_again_but_written_once()
    {
        var (server, iss) = Handshake(window: 8192);
        using var stream = server.GetStream();
        var segment = Tcp(40000, _port, 1001, iss + 1, Ack | Psh, 8192, "once"u8.ToArray());
        _net.Send(segment);
        Assert.Equal(1005u, TcpAck(_guest.Next()));
        _net.Send(segment);
        Assert.Equal(1005u, TcpAck(_guest.Next()));
        _net.Send(Tcp(40000, _port, 1005, iss + 1, Ack | Psh, 8192, "!"u8.ToArray()));
        Assert.Equal(1006u, TcpAck(_guest.Next()));
        Assert.Equal("once!", ReadExactly(stream, 5));
    }

    [Fact]
    public void Segments_without_psh_are_acknowledged_once_at_the_end_of_the_transmit_batch()
    {
        var (server, iss) = Handshake(window: 8192);
        using var stream = server.GetStream();
        _net.Send(Tcp(40000, _port, 1001, iss + 1, Ack, 8192, "first "u8.ToArray()));
        _net.Send(Tcp(40000, _port, 1007, iss + 1, Ack, 8192, "second"u8.ToArray()));
        Assert.True(_guest.Quiet(), "acknowledged before the batch ended");
        _net.EndOfTransmit();
        Assert.Equal(1013u, TcpAck(_guest.Next()));
        Assert.True(_guest.Quiet(), "more than one ACK for the batch");
        Assert.Equal("first second", ReadExactly(stream, 12));
        _net.EndOfTransmit();
        Assert.True(_guest.Quiet(), "an ACK owed by an earlier batch was sent again");
    }

    [Fact]
    public void Out_of_order_data_is_not_taken_and_gets_a_duplicate_ack()
    {
        var (_, iss) = Handshake(window: 8192);
        _net.Send(Tcp(40000, _port, 1101, iss + 1, Ack | Psh, 8192, "later"u8.ToArray()));
        Assert.Equal(1001u, TcpAck(_guest.Next()));
    }

    [Fact]
    public void Host_data_never_exceeds_the_guest_window()
    {
        var (server, iss) = Handshake(window: 1000);
        using var stream = server.GetStream();
        stream.Write(new byte[3000]);
        int inFlight = 0;
        var first = _guest.Next();
        inFlight += TcpPayload(first).Length;
        while (inFlight < 1000) inFlight += TcpPayload(_guest.Next()).Length;
        Assert.Equal(1000, inFlight);
        Assert.True(_guest.Quiet(), "sent beyond the window");
        _net.Send(Tcp(40000, _port, 1001, iss + 1 + 1000, Ack, 2000));
        int more = 0;
        while (more < 2000) more += TcpPayload(_guest.Next()).Length;
        Assert.Equal(2000, more);
    }

    [Fact]
    public void A_connection_to_a_closed_port_is_reset()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        ushort closed = (ushort)((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _net.Send(Tcp(40001, closed, 5000, 0, Syn, 8192, mss: 1460));
        var r = _guest.Next();
        Assert.Equal(Rst | Ack, TcpFlags(r) & (Rst | Ack));
        Assert.Equal(5001u, TcpAck(r));
    }

    [Fact]
    public void A_guest_reset_closes_the_host_socket()
    {
        var (server, iss) = Handshake(window: 8192);
        _net.Send(Tcp(40000, _port, 1001, iss + 1, Rst | Ack, 0));
        Assert.Equal(0, _net.TcpConnectionCount);
        server.ReceiveTimeout = 10_000;
        try { Assert.Equal(0, server.GetStream().Read(new byte[1])); }
        catch (IOException) { } // a reset from the host stack is as good as EOF here
    }

    /// <summary>SYN (ISN 1000, MSS 1460), SYN-ACK with an MSS option, ACK; returns the accepted host socket and the NAT's ISS.</summary>
    private (TcpClient Server, uint Iss) Handshake(ushort window)
    {
        _net.Send(Tcp(40000, _port, 1000, 0, Syn, window, mss: 1460));
        var accept = _listener.AcceptTcpClientAsync();
        var synAck = _guest.Next();
        Assert.True(Verifies(synAck));
        Assert.Equal(Syn | Ack, TcpFlags(synAck));
        Assert.Equal(1001u, TcpAck(synAck));
        Assert.Equal(24, (synAck[46] >> 4) * 4); // MSS option
        Assert.Equal(GuestSide.Gateway, synAck[26..30]);
        uint iss = TcpSeq(synAck);
        _net.Send(Tcp(40000, _port, 1001, iss + 1, Ack, window));
        Assert.True(accept.Wait(TimeSpan.FromSeconds(10)));
        return (accept.Result, iss);
    }

    private static string ReadExactly(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadTimeout = 10_000;
        stream.ReadExactly(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }
}
