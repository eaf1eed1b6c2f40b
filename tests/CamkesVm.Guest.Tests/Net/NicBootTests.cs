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
}
