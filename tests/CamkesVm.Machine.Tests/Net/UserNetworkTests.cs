using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CamkesVm.Machine.Net.User;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>The user-mode NAT at frame level: ARP, DHCP, ICMP echo and UDP to host sockets (QEMU user-net addresses).</summary>
public sealed class UserNetworkTests : IDisposable
{
    private readonly UserNetwork _net = new();
    private readonly GuestSide _guest = new();

    public UserNetworkTests() => _net.Attach(_guest);

    public void Dispose() => _net.Dispose();

    [Fact]
    public void Arp_for_the_gateway_is_answered_with_the_gateway_mac()
    {
        _net.Send(GuestSide.ArpRequest(GuestSide.Gateway));
        var r = _guest.Next();
        Assert.Equal(GuestSide.Mac, r[..6]);
        Assert.Equal(new byte[] { 0x52, 0x55, 0x0A, 0x00, 0x02, 0x02 }, r[6..12]);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(20)));   // reply
        Assert.Equal(r[6..12], r[22..28]);                                     // sender MAC
        Assert.Equal(GuestSide.Gateway, r[28..32]);                            // sender IP
        Assert.Equal(GuestSide.Mac, r[32..38]);
        Assert.Equal(GuestSide.Ip, r[38..42]);
    }

    [Fact]
    public void Arp_for_an_address_nobody_has_gets_no_answer()
    {
        _net.Send(GuestSide.ArpRequest([10, 0, 2, 77]));
        Assert.True(_guest.Quiet());
    }

    [Theory]
    [InlineData(1, 2)] // DISCOVER -> OFFER
    [InlineData(3, 5)] // REQUEST -> ACK
    public void Dhcp_hands_out_10_0_2_15_with_mask_router_and_dns(byte request, byte reply)
    {
        _net.Send(GuestSide.Udp([0, 0, 0, 0], [255, 255, 255, 255], 68, 67, Bootp(request, 0x1234_5678), destinationMac: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        var f = _guest.Next();
        Assert.True(GuestSide.Verifies(f));
        Assert.Equal(new byte[] { 10, 0, 2, 2 }, f[26..30]);
        Assert.Equal(67, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(34)));
        Assert.Equal(68, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(36)));
        var b = f[42..];
        Assert.Equal(2, b[0]);
        Assert.Equal(0x1234_5678u, BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(4)));
        Assert.Equal(new byte[] { 10, 0, 2, 15 }, b[16..20]);
        Assert.Equal(GuestSide.Mac, b[28..34]);
        Assert.Equal(0x6382_5363u, BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(236)));
        var options = Options(b[240..]);
        Assert.Equal([reply], options[53]);
        Assert.Equal(new byte[] { 255, 255, 255, 0 }, options[1]);
        Assert.Equal(new byte[] { 10, 0, 2, 2 }, options[3]);
        Assert.Equal(new byte[] { 10, 0, 2, 2 }, options[54]);
        Assert.Equal(new byte[] { 10, 0, 2, 3 }, options[6]);
    }

    [Fact]
    public void Ping_to_the_gateway_is_echoed_with_the_same_identifier_sequence_and_data()
    {
        var icmp = new byte[8 + 56];
        icmp[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(4), 0xBEEF);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(6), 1);
        for (int i = 8; i < icmp.Length; i++) icmp[i] = (byte)i;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(2), (ushort)~TestFrames.OnesSum(icmp));
        _net.Send(GuestSide.Ipv4(GuestSide.Ip, GuestSide.Gateway, 1, icmp));
        var r = _guest.Next();
        Assert.True(GuestSide.Verifies(r));
        Assert.Equal(GuestSide.Gateway, r[26..30]);
        Assert.Equal(GuestSide.Ip, r[30..34]);
        Assert.Equal(0, r[34]);
        Assert.Equal(icmp[4..], r[38..]);
    }

    [Fact]
    public async Task Udp_to_the_gateway_reaches_a_host_socket_and_its_answer_comes_back()
    {
        using var host = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)host.Client.LocalEndPoint!).Port;
        _net.Send(GuestSide.Udp(GuestSide.Ip, GuestSide.Gateway, 40000, (ushort)port, "hello host"u8.ToArray()));
        var received = await host.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("hello host"u8.ToArray(), received.Buffer);
        host.Send("hi guest"u8.ToArray(), received.RemoteEndPoint);
        var f = _guest.Next();
        Assert.True(GuestSide.Verifies(f));
        Assert.Equal(GuestSide.Gateway, f[26..30]);
        Assert.Equal(port, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(34)));
        Assert.Equal(40000, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(36)));
        Assert.Equal("hi guest"u8.ToArray(), f[42..]);
    }

    private static byte[] Bootp(byte type, uint xid)
    {
        var b = new byte[240 + 4];
        b[0] = 1; b[1] = 1; b[2] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), xid);
        GuestSide.Mac.CopyTo(b, 28);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(236), 0x6382_5363);
        b[240] = 53; b[241] = 1; b[242] = type; b[243] = 255;
        return b;
    }

    private static Dictionary<byte, byte[]> Options(byte[] o)
    {
        var d = new Dictionary<byte, byte[]>();
        for (int i = 0; i < o.Length && o[i] != 255;)
        {
            if (o[i] == 0) { i++; continue; }
            d[o[i]] = o[(i + 2)..(i + 2 + o[i + 1])];
            i += 2 + o[i + 1];
        }
        return d;
    }
}
