using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CamkesVm.Guest.Tests.Disk;
using CamkesVm.Guest.Tests.Vmm;

namespace CamkesVm.Guest.Tests.Apps;

/// <summary>
/// The seed's "Passthrough Ethernet" with the shipped app: the IDE hard-drive entries plus the 82574L at 05:00.0,
/// run on the default user-mode network. In the guest, busybox udhcpc with the rootfs's default script gets
/// 10.0.2.15 and sets the address, the route and resolv.conf; a file written on the disk goes to a TCP server on
/// the host (10.0.2.2 stands for the host's 127.0.0.1).
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class EthernetAppTests(DiskImages images) : IClassFixture<DiskImages>
{
    [Fact]
    public async Task Guest_sees_its_two_devices_gets_an_address_by_dhcp_and_sends_a_file_to_the_host()
    {
        using var vm = await AppBoot.StartAndLogin("cma34cr_ethernet", images.Copy("app-ethernet"), "--net", "user");
        Assert.Equal([AppBoot.HostBridge, AppBoot.SataIde, AppBoot.Ethernet], await AppBoot.Lspci(vm));
        Assert.Contains("0000:00:02.0", await AppBoot.Ok(vm, "ls /sys/bus/pci/drivers/e1000e/"));

        Assert.Contains("lease of 10.0.2.15 obtained from 10.0.2.2", await AppBoot.Ok(vm, "udhcpc -i eth0 -n -q 2>&1"));
        Assert.Contains("inet 10.0.2.15/24", await AppBoot.Ok(vm, "ip addr show eth0"));
        Assert.Contains("default via 10.0.2.2 dev eth0", await AppBoot.Ok(vm, "ip route"));
        Assert.Contains("nameserver 10.0.2.3", await AppBoot.Ok(vm, "cat /etc/resolv.conf"));
        Assert.Matches(@"(^|\n)\s*10:\s+[1-9]\d*\s+IO-APIC\s+10-fasteoi\s+eth0", await AppBoot.Ok(vm, "cat /proc/interrupts"));

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ReceiveAll(listener);
        // Real data from the disk (not /dev/urandom: its first read waits for the kernel's entropy, ~45 s here).
        await AppBoot.Ok(vm, "dd if=/bin/busybox of=/root/upload bs=1024 count=256 2>/dev/null && sync");
        string guestMd5 = (await AppBoot.Ok(vm, "md5sum /root/upload")).Trim().Split(' ')[0];
        await AppBoot.Ok(vm, $"nc 10.0.2.2 {port} < /root/upload");
        var bytes = await received.WaitAsync(AppBoot.Command);
        Assert.Equal(256 * 1024, bytes.Length);
        Assert.Equal(guestMd5, Convert.ToHexStringLower(MD5.HashData(bytes)));
        await AppBoot.PowerOff(vm);
    }

    private static async Task<byte[]> ReceiveAll(TcpListener listener)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var buffer = new MemoryStream();
            await client.GetStream().CopyToAsync(buffer);
            return buffer.ToArray();
        }
        finally
        {
            listener.Stop();
        }
    }
}
