using System.Buffers.Binary;
using System.Net;
using static CamkesVm.Machine.Net.User.UserNetFrames;

namespace CamkesVm.Machine.Net.User;

/// <summary>
/// A user-mode NAT backend that needs no privileges (the counterpart of QEMU's <c>-netdev user</c>): it plays the
/// gateway of a private network for one guest. It answers ARP for the gateway and DNS addresses (RFC 826),
/// serves DHCP (RFC 2131) handing out the guest address, answers ICMP echo to them (RFC 792), and carries the
/// guest's UDP datagrams and TCP connections to host sockets: the gateway's address stands for
/// <see cref="UserNetworkOptions.HostAddress"/>, other addresses outside the private network are reached as they are.
/// Thread-safe: guest frames arrive on the machine thread, host data on socket threads.
/// </summary>
public sealed partial class UserNetwork : INetworkBackend
{
    private readonly object _lock = new();
    private readonly UserNetworkOptions _options;
    private readonly uint _gateway, _dns, _guest, _netmask;
    private IFrameReceiver? _receiver;
    private MacAddress _guestMac = MacAddress.Broadcast;
    private bool _disposed;

    /// <summary>Creates the network with QEMU's addresses unless <paramref name="options"/> says otherwise.</summary>
    public UserNetwork(UserNetworkOptions? options = null)
    {
        _options = options ?? new UserNetworkOptions();
        _gateway = ToUInt(_options.Gateway);
        _dns = ToUInt(_options.Dns);
        _guest = ToUInt(_options.GuestAddress);
        _netmask = ToUInt(_options.Netmask);
    }

    /// <inheritdoc/>
    public void Attach(IFrameReceiver receiver) => _receiver = receiver;

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < Ethernet || _disposed) return;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        lock (_lock)
        {
            if (type == TypeArp) HandleArp(frame);
            else if (type == TypeIpv4) HandleIpv4(frame);
        }
    }

    private MacAddress GatewayMac => _options.GatewayMac;

    private void Deliver(byte[] frame) => _receiver?.Receive(frame);

    private void Log(string message) => _options.Log?.Invoke($"user network: {message}");

    private bool IsGatewayAddress(uint ip) => ip == _gateway || ip == _dns;

    /// <summary>ARP (RFC 826) for Ethernet/IPv4: a request for one of our addresses gets a reply from the gateway's MAC.</summary>
    private void HandleArp(ReadOnlySpan<byte> frame)
    {
        var arp = frame[Ethernet..];
        if (arp.Length < 28 || BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 || BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != TypeIpv4) return;
        _guestMac = MacAddress.From(arp[8..]);
        uint target = BinaryPrimitives.ReadUInt32BigEndian(arp[24..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(arp[6..]) != 1 || !IsGatewayAddress(target)) return;
        var reply = new byte[Ethernet + 28];
        _guestMac.CopyTo(reply);
        GatewayMac.CopyTo(reply.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(12), TypeArp);
        var r = reply.AsSpan(Ethernet);
        arp[..6].CopyTo(r);                       // hardware type, protocol type, sizes
        BinaryPrimitives.WriteUInt16BigEndian(r[6..], 2);  // reply
        GatewayMac.CopyTo(r[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(r[14..], target);
        arp.Slice(8, 10).CopyTo(r[18..]);         // the asker's MAC and IP become the target
        Deliver(reply);
    }

    private void HandleIpv4(ReadOnlySpan<byte> frame)
    {
        var ip = frame[Ip..];
        if (ip.Length < 20 || ip[0] >> 4 != 4) return;
        int headerLength = (ip[0] & 0xF) * 4, total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (headerLength < 20 || total < headerLength || total > ip.Length) return;
        if ((BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3FFF) != 0) { Log("IP fragments are not reassembled; dropped"); return; }
        _guestMac = MacAddress.From(frame[6..]);
        uint source = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]), destination = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        var payload = ip[headerLength..total];
        switch (ip[9])
        {
            case ProtocolIcmp: HandleIcmp(source, destination, payload); break;
            case ProtocolUdp: HandleUdp(source, destination, payload); break;
            case ProtocolTcp: HandleTcp(source, destination, payload); break;
        }
    }

    /// <summary>ICMP echo request (type 8) to the gateway or DNS address: an echo reply (type 0) with the same data.</summary>
    private void HandleIcmp(uint source, uint destination, ReadOnlySpan<byte> icmp)
    {
        if (icmp.Length < 8 || icmp[0] != 8 || !IsGatewayAddress(destination)) return;
        var reply = Ipv4(_guestMac, GatewayMac, destination, source, ProtocolIcmp, icmp.Length);
        icmp.CopyTo(reply.AsSpan(L4));
        reply[L4] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(L4 + 2), 0);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(L4 + 2), InternetChecksum.Compute(reply.AsSpan(L4)));
        Deliver(reply);
    }

    /// <summary>Where a guest's packet to <paramref name="destination"/> goes on the host, or null when it stays unanswered.</summary>
    private IPAddress? HostTarget(uint destination)
    {
        if (destination == _gateway) return _options.HostAddress;
        if ((destination & _netmask) == (_gateway & _netmask) || destination >= 0xE000_0000 || destination >> 24 is 0 or 127) return null;
        return new IPAddress(BinaryPrimitives.ReverseEndianness(destination));
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 4) throw new ArgumentException($"{address} is not an IPv4 address; the user network is IPv4 only");
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            CloseUdp();
            CloseTcp();
        }
    }
}
