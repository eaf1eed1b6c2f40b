using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Tests.Boards;

/// <summary>
/// lspci output of the board. The expected blocks are what Debian's pciutils 3.9.0 prints for the same
/// configuration bytes (<c>lspci -vv -F</c> over our <c>-xxx</c> dump), with the two things only a live system
/// shows added: the BAR sizes lspci reads from sysfs (the seed's range sizes, in lspci's notation) and the
/// "Kernel driver in use" line.
/// </summary>
public class LspciFormatterTests
{
    private static string Block(SataMode mode, PciAddress address)
    {
        var board = Board.Build(Cma34cr.Describe(mode));
        return LspciFormatter.Verbose(board.Description.Find(address)!, board.Function(address)!);
    }

    [Fact]
    public void Nic_82574L_block_matches_lspci_vv()
    {
        const string expected = """
            05:00.0 Ethernet controller: Intel Corporation 82574L Gigabit Network Connection
            	Subsystem: Intel Corporation Device 0000
            	Control: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
            	Status: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
            	Latency: 0
            	Interrupt: pin A routed to IRQ 17
            	Region 0: Memory at c0500000 (32-bit, non-prefetchable) [size=128K]
            	Region 2: I/O ports at 3000 [size=32]
            	Region 3: Memory at c0520000 (32-bit, non-prefetchable) [size=16K]
            	Kernel driver in use: e1000e

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Block(SataMode.Ahci, Cma34cr.Ethernet));
    }

    [Fact]
    public void Sata_ahci_block_matches_lspci_vv()
    {
        const string expected = """
            00:1f.2 SATA controller: Intel Corporation 7 Series Chipset Family 6-port SATA Controller [AHCI mode] (rev 04) (prog-if 01 [AHCI 1.0])
            	Subsystem: Intel Corporation Device 2010
            	Control: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
            	Status: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
            	Latency: 0
            	Interrupt: pin B routed to IRQ 19
            	Region 0: I/O ports at 4088 [size=8]
            	Region 1: I/O ports at 4094 [size=4]
            	Region 2: I/O ports at 4080 [size=8]
            	Region 3: I/O ports at 4090 [size=4]
            	Region 4: I/O ports at 4060 [size=32]
            	Region 5: Memory at c0713000 (32-bit, non-prefetchable) [size=2K]
            	Kernel driver in use: ahci

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Block(SataMode.Ahci, Cma34cr.Sata));
    }

    [Fact]
    public void Sata_ide_block_matches_lspci_vv()
    {
        const string expected = """
            00:1f.2 IDE interface: Intel Corporation 7 Series Chipset Family 4-port SATA Controller [IDE mode] (rev 04) (prog-if 8f [PCI native mode controller, supports both channels switched to ISA compatibility mode, supports bus mastering])
            	Subsystem: Intel Corporation Device 2010
            	Control: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
            	Status: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
            	Latency: 0
            	Interrupt: pin B routed to IRQ 19
            	Region 0: I/O ports at 40b8 [size=8]
            	Region 1: I/O ports at 40cc [size=4]
            	Region 2: I/O ports at 40b0 [size=8]
            	Region 3: I/O ports at 40c8 [size=4]
            	Region 4: I/O ports at 4090 [size=16]
            	Region 5: I/O ports at 4080 [size=16]
            	Kernel driver in use: ata_piix

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Block(SataMode.Ide, Cma34cr.Sata));
    }

    [Fact]
    public void Root_port_block_shows_bus_5_and_its_windows_as_lspci_vv()
    {
        string block = Block(SataMode.Ahci, new PciAddress(0, 0x1c, 4));
        Assert.Contains("00:1c.4 PCI bridge: Intel Corporation 7 Series/C210 Series Chipset Family PCI Express Root Port 5 (rev c4) (prog-if 00 [Normal decode])\n", block);
        Assert.Contains("\tBus: primary=00, secondary=05, subordinate=05, sec-latency=0\n", block);
        Assert.Contains("\tI/O behind bridge: 3000-3fff [size=4K] [16-bit]\n", block);
        Assert.Contains("\tMemory behind bridge: c0500000-c05fffff [size=1M] [32-bit]\n", block);
    }

    [Fact]
    public void Plain_listing_is_one_lspci_line_per_device()
    {
        const string expected = """
            00:00.0 Host bridge: Intel Corporation 3rd Gen Core processor DRAM Controller (rev 09)
            00:1c.4 PCI bridge: Intel Corporation 7 Series/C210 Series Chipset Family PCI Express Root Port 5 (rev c4)
            00:1f.0 ISA bridge: Intel Corporation QM77 Express Chipset LPC Controller (rev 04)
            00:1f.2 SATA controller: Intel Corporation 7 Series Chipset Family 6-port SATA Controller [AHCI mode] (rev 04)
            05:00.0 Ethernet controller: Intel Corporation 82574L Gigabit Network Connection

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), LspciFormatter.Format(Board.Build(Cma34cr.Describe()), verbose: false));
    }

    [Fact]
    public void Hex_dump_rows_hold_the_configuration_bytes()
    {
        var board = Board.Build(Cma34cr.Describe());
        string dump = LspciFormatter.HexDump(board.Description.Find(Cma34cr.Ethernet)!, board.Function(Cma34cr.Ethernet)!);
        Assert.Contains("\n00: 86 80 d3 10 07 00 00 00 00 00 00 02 00 00 00 00\n", dump);
        Assert.Contains("\n10: 00 00 50 c0 00 00 00 00 01 30 00 00 00 00 52 c0\n", dump);
        Assert.Equal(1 + 16, dump.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData(32UL, "32")]
    [InlineData(0x800UL, "2K")]
    [InlineData(0x20000UL, "128K")]
    [InlineData(0x100000UL, "1M")]
    public void Sizes_use_lspci_notation(ulong size, string text) => Assert.Equal(text, LspciFormatter.SizeText(size));
}
