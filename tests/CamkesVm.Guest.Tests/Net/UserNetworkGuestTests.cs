using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CamkesVm.Guest.Tests.Vmm;
using CamkesVm.Machine.Net;
using CamkesVm.Machine.Net.User;

namespace CamkesVm.Guest.Tests.Net;

/// <summary>
/// A Linux guest on the user-mode NAT, as the seed's "Passthrough Ethernet" section uses the card: busybox
/// udhcpc gets the address (its default script sets address, route and resolv.conf), ping reaches the gateway,
/// busybox nc moves files to and from host sockets.
/// </summary>
[Collection(VmmCollection.Name)]
public class UserNetworkGuestTests
{
    [Fact]
    public async Task Guest_gets_10_0_2_15_by_dhcp_pings_the_gateway_and_moves_files_over_tcp()
    {
        using var net = new UserNetwork();
        using var vm = new NetGuest(net, MacAddress.QemuDefault);
        vm.Login();
        var lease = vm.Ok("udhcpc -i eth0 -n -q");   // the rootfs's /etc/udhcpc/default.script applies the lease
        Assert.Contains("10.0.2.15", lease);
        Assert.Contains("inet 10.0.2.15/24", vm.Ok("ip addr show eth0"));
        Assert.Contains("default via 10.0.2.2 dev eth0", vm.Ok("ip route"));
        Assert.Contains("nameserver 10.0.2.3", vm.Ok("cat /etc/resolv.conf"));
        Assert.Contains("1 packets received", vm.Ok("ping -c1 10.0.2.2"));

        // Guest to host: 300 KiB of the busybox binary, checked by MD5 on both sides.
        var upload = new TcpListener(IPAddress.Loopback, 0);
        upload.Start();
        int uploadPort = ((IPEndPoint)upload.LocalEndpoint).Port;
        var received = ReceiveAllAsync(upload);
        vm.Ok("dd if=/bin/busybox of=/tmp/up bs=1024 count=300 2>/dev/null");   // not /dev/urandom: its first read waits ~45 s for entropy
        string guestMd5 = vm.Ok("md5sum /tmp/up").Trim().Split(' ')[0];
        vm.Ok($"nc 10.0.2.2 {uploadPort} < /tmp/up");
        var bytes = await received.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(300 * 1024, bytes.Length);
        Assert.Equal(guestMd5, Convert.ToHexStringLower(MD5.HashData(bytes)));

        // Host to guest: 200 KiB served by the host, closed when sent.
        var download = new TcpListener(IPAddress.Loopback, 0);
        download.Start();
        int downloadPort = ((IPEndPoint)download.LocalEndpoint).Port;
        var payload = RandomNumberGenerator.GetBytes(200 * 1024);
        var served = ServeAsync(download, payload);
        vm.Ok($"nc 10.0.2.2 {downloadPort} > /tmp/down");
        await served.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(payload)), vm.Ok("md5sum /tmp/down").Trim().Split(' ')[0]);
    }

    private static async Task<byte[]> ReceiveAllAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var buffer = new MemoryStream();
        await client.GetStream().CopyToAsync(buffer);
        listener.Stop();
        return buffer.ToArray();
    }

    private static async Task ServeAsync(TcpListener listener, byte[] payload)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await client.GetStream().WriteAsync(payload);
        client.Client.Shutdown(SocketShutdown.Send);
        listener.Stop();
    }
}
