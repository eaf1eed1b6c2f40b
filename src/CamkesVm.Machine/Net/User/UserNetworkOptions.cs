using System.Net;

namespace CamkesVm.Machine.Net.User;

/// <summary>
/// The addresses of the user-mode network, following QEMU's user networking (slirp) conventions: network
/// 10.0.2.0/24, gateway 10.0.2.2 (which stands for the host: connections to it go to <see cref="HostAddress"/>),
/// DNS 10.0.2.3 (answers ARP and ping only), and the guest's DHCP address 10.0.2.15.
/// </summary>
public sealed record UserNetworkOptions
{
    public IPAddress Gateway { get; init; } = IPAddress.Parse("10.0.2.2");
    public IPAddress Dns { get; init; } = IPAddress.Parse("10.0.2.3");
    public IPAddress GuestAddress { get; init; } = IPAddress.Parse("10.0.2.15");
    public IPAddress Netmask { get; init; } = IPAddress.Parse("255.255.255.0");

    /// <summary>Where connections to the gateway's address go on the host (default 127.0.0.1).</summary>
    public IPAddress HostAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The Ethernet address the gateway answers with (QEMU's 52:55:0a:00:02:02).</summary>
    public MacAddress GatewayMac { get; init; } = new(0x5255_0A00_0202);

    /// <summary>DHCP lease time in seconds.</summary>
    public uint LeaseSeconds { get; init; } = 86400;

    /// <summary>Diagnostics (refused connections, malformed packets).</summary>
    public Action<string>? Log { get; init; }
}
