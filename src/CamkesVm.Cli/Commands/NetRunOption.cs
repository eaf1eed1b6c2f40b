using System.CommandLine;
using CamkesVm.Machine;
using CamkesVm.Machine.Devices.Net;
using CamkesVm.Machine.Net;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// <c>camkes-vm run --net user|switch:NAME|tap:IF</c>: an Intel 82574L network card (Linux <c>e1000e</c>) at 00:02.0 on
/// guest IRQ 10, plugged into a user-mode NAT network, an in-process switch shared by VMs of the same name, or a TAP device.
/// </summary>
internal static class NetRunOption
{
    private const int Device = 2, Irq = 10;

    public static readonly Option<string?> Net = new("--net")
    {
        Description = "Network card backend: user (NAT, DHCP 10.0.2.15, host reachable at 10.0.2.2), switch:NAME, or tap:IFNAME",
    };

    /// <summary>Adds the card if <paramref name="spec"/> is given.</summary>
    public static void Attach(PcMachine machine, string? spec, Action<string>? log)
    {
        if (string.IsNullOrEmpty(spec)) return;
        machine.AddIntel82574L(NetworkBackends.Create(spec, log), Device, Irq);
    }
}
