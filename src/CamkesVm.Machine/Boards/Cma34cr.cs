using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Pci;
using static CamkesVm.Machine.Pci.PciBarKind;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// The RTD CMA34CR cpuModule of the seed's "Booting from hard drive", "Passthrough Ethernet" and "Figuring out
/// information about PCI devices" sections: a 3rd generation Core i7 with a QM77 (7 Series) PCH and an Intel
/// 82574L Ethernet controller behind a PCH root port. The seed gives no lspci listing, so the addresses,
/// sizes and IRQ pins are the ones its passthrough entries grant (every entry is start + BAR size), and the
/// identities are the parts' IDs from the PCI ID database: 8086:0154 DRAM controller (host bridge), 8086:1e18
/// root port 5, 8086:1e55 QM77 LPC, 8086:1e03 / 1e01 SATA in AHCI / IDE mode (Intel 7 Series PCH datasheet
/// §14, D31:F2), 8086:10d3 82574L (82574 GbE Controller datasheet §9.2: BAR0 128 KiB registers, BAR2 32 I/O
/// ports, BAR3 16 KiB MSI-X). SATA sits on I/O APIC pin 19, the NIC on pin 17 (0x11), both PCI INTx
/// (level-triggered, active-low), as the seed's irqs entries say.
/// </summary>
public static class Cma34cr
{
    /// <summary>The platform name used by <c>--platform</c>.</summary>
    public const string Name = "cma34cr";

    /// <summary>The SATA controller's address.</summary>
    public static readonly PciAddress Sata = new(0, 0x1f, 2);

    /// <summary>The 82574L's address (the seed's "Ethernet5": bus 5).</summary>
    public static readonly PciAddress Ethernet = new(5, 0, 0);

    private const string Intel = "Intel Corporation";

    /// <summary>The board with its SATA controller in <paramref name="mode"/>.</summary>
    public static BoardDescription Describe(SataMode mode = SataMode.Ahci) => new(
        mode == SataMode.Ahci ? Name : Name + "-ide",
        $"RTD CMA34CR cpuModule (Core i7 3rd gen, QM77 PCH, 82574L), SATA in {(mode == SataMode.Ahci ? "AHCI" : "IDE")} mode",
        [HostBridge(), RootPort(), Lpc(), mode == SataMode.Ahci ? SataAhci() : SataIde(), Nic82574L()]);

    private static BoardDevice HostBridge() => new(new(0, 0, 0), "host bridge",
        new(0x8086, 0x0154, 0x06_00_00, 0x09, 0x8086, 0x2010),
        new("Host bridge", Intel, "3rd Gen Core processor DRAM Controller", Subsystem: "Intel Corporation Device 2010"), []);

    private static BoardDevice RootPort() => new(new(0, 0x1c, 4), "PCIe root port 5",
        new(0x8086, 0x1e18, 0x06_04_00, 0xc4),
        new("PCI bridge", Intel, "7 Series/C210 Series Chipset Family PCI Express Root Port 5", ProgIf: "Normal decode", Driver: "pcieport"),
        [], InterruptPin: 1, Irq: new BoardIrq(16),
        Bridge: new BridgeWindows(5, 5, 0x3000, 0x3fff, 0xc0500000, 0xc05fffff));

    private static BoardDevice Lpc() => new(new(0, 0x1f, 0), "LPC bridge",
        new(0x8086, 0x1e55, 0x06_01_00, 0x04, 0x8086, 0x2010),
        new("ISA bridge", Intel, "QM77 Express Chipset LPC Controller", Subsystem: "Intel Corporation Device 2010", Driver: "lpc_ich"), []);

    private static BoardDevice SataAhci() => new(Sata, "SATA",
        new(0x8086, 0x1e03, 0x01_06_01, 0x04, 0x8086, 0x2010),
        new("SATA controller", Intel, "7 Series Chipset Family 6-port SATA Controller [AHCI mode]", ProgIf: "AHCI 1.0",
            Subsystem: "Intel Corporation Device 2010", Driver: "ahci"),
        [new(0, Io, 0x4088, 8), new(1, Io, 0x4094, 4), new(2, Io, 0x4080, 8), new(3, Io, 0x4090, 4),
         new(4, Io, 0x4060, 32), new(5, Memory32, 0xc0713000, 0x800)],
        InterruptPin: 2, Irq: new BoardIrq(19));

    private static BoardDevice SataIde() => new(Sata, "SATA",
        new(0x8086, 0x1e01, 0x01_01_8f, 0x04, 0x8086, 0x2010),
        new("IDE interface", Intel, "7 Series Chipset Family 4-port SATA Controller [IDE mode]",
            ProgIf: "PCI native mode controller, supports both channels switched to ISA compatibility mode, supports bus mastering",
            Subsystem: "Intel Corporation Device 2010", Driver: "ata_piix"),
        [new(0, Io, 0x40b8, 8), new(1, Io, 0x40cc, 4), new(2, Io, 0x40b0, 8), new(3, Io, 0x40c8, 4),
         new(4, Io, 0x4090, 16), new(5, Io, 0x4080, 16)],
        InterruptPin: 2, Irq: new BoardIrq(19));

    private static BoardDevice Nic82574L() => new(Ethernet, "Ethernet5",
        new(0x8086, 0x10d3, 0x02_00_00, 0x00, 0x8086, 0x0000),
        new("Ethernet controller", Intel, "82574L Gigabit Network Connection", Subsystem: "Intel Corporation Device 0000", Driver: "e1000e"),
        [new(0, Memory32, 0xc0500000, 0x20000), new(2, Io, 0x3000, 0x20), new(3, Memory32, 0xc0520000, 0x4000)],
        InterruptPin: 1, Irq: new BoardIrq(0x11));
}
