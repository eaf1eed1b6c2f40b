using CamkesVm.Guest.Tests.Vmm;
using CamkesVm.Machine.Net;

namespace CamkesVm.Guest.Tests.Net;

/// <summary>Linux's e1000e driving our 82574L: probe, link, and two VMs on the in-process switch.</summary>
[Collection(VmmCollection.Name)]
public class NicBootTests
{
    [Fact]
    public void E1000e_probes_the_card_and_brings_the_link_up()
    {
        var lan = new NetworkSwitch("probe");
        using var vm = new NetGuest(lan.CreatePort(), MacAddress.Parse("00:d0:81:09:0c:7d"));
        vm.Login();
        var dmesg = vm.Ok("dmesg | grep -i e1000e");
        Assert.Contains("00:d0:81:09:0c:7d", dmesg);
        vm.Ok("ip link set eth0 up");
        vm.Ok("sleep 3");
        var link = vm.Ok("ip link show eth0");
        Assert.Contains("LOWER_UP", link);
        Assert.Contains("00:d0:81:09:0c:7d", link);
        Assert.Contains("1000 Mbps Full Duplex", vm.Ok("dmesg | grep -i 'link is up'"));
    }

    [Fact]
    public void Two_vms_on_the_switch_ping_each_other()
    {
        var lan = new NetworkSwitch("two-vms");
        using var a = new NetGuest(lan.CreatePort(), MacAddress.Parse("52:54:00:00:00:0a"));
        using var b = new NetGuest(lan.CreatePort(), MacAddress.Parse("52:54:00:00:00:0b"));
        a.Login();
        b.Login();
        a.Ok("ifconfig eth0 192.168.7.1 netmask 255.255.255.0 up");
        b.Ok("ifconfig eth0 192.168.7.2 netmask 255.255.255.0 up");
        a.Ok("sleep 3");
        Assert.Contains("3 packets received", a.Ok("ping -c3 192.168.7.2"));
        Assert.Contains("1 packets received", b.Ok("ping -c1 192.168.7.1"));
    }
}
