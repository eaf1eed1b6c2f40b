using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Tests.Boards;

/// <summary>The cma34cr board against the seed's passthrough entries (every range is one BAR: start + size).</summary>
public class Cma34crBoardTests
{
    [Fact]
    public void Ahci_mode_sata_has_one_io_bar_per_seed_ioports_entry_and_the_seed_abar()
    {
        var sata = Cma34cr.Describe(SataMode.Ahci).Find(Cma34cr.Sata)!;
        var entries = SeedPassthroughEntries.IoPorts(SeedPassthroughEntries.Ahci);
        Assert.Equal(4, entries.Count);
        foreach (var (start, end, pciDevice, _) in entries)
        {
            Assert.Equal(sata.Address.Device, pciDevice);
            Assert.Contains(sata.IoBars, b => b.Base == start && b.End == (ulong)end);
        }
        var abar = Assert.Single(SeedPassthroughEntries.MemoryRegions(SeedPassthroughEntries.Ahci));
        Assert.Equal((0xc0713000u, 0x800u), Assert.Single(sata.MemoryBars, b => b.Index == 5) is var m ? (m.Base, m.Size) : default);
        Assert.Equal(abar, (0xc0713000u, 0x800u));
        Assert.Equal(0x01_06_01u, sata.Identity.ClassCode); // mass storage / SATA / AHCI 1.0
    }

    [Fact]
    public void Ide_mode_sata_io_bars_are_exactly_the_seeds_six_ranges_and_it_has_no_memory()
    {
        var sata = Cma34cr.Describe(SataMode.Ide).Find(Cma34cr.Sata)!;
        var entries = SeedPassthroughEntries.IoPorts(SeedPassthroughEntries.Ide);
        Assert.Equal(6, entries.Count);
        Assert.Equal(entries.Select(e => (e.Start, e.End)).Order(), sata.IoBars.Select(b => ((int)b.Base, (int)b.End)).Order());
        Assert.Empty(sata.MemoryBars);
        Assert.Empty(SeedPassthroughEntries.MemoryRegions(SeedPassthroughEntries.Ide)); // "memory":[]
        Assert.Equal(0x01_01_8fu, sata.Identity.ClassCode); // IDE, PCI native mode, bus mastering
    }

    [Theory]
    [InlineData(SataMode.Ahci)]
    [InlineData(SataMode.Ide)]
    public void Sata_interrupt_is_io_apic_pin_19_level_active_low_as_the_seed_irqs_entry(SataMode mode)
    {
        var text = mode == SataMode.Ahci ? SeedPassthroughEntries.Ahci : SeedPassthroughEntries.Ide;
        var irq = Assert.Single(SeedPassthroughEntries.Irqs(text));
        var sata = Cma34cr.Describe(mode).Find(Cma34cr.Sata)!;
        Assert.Equal(new BoardIrq(irq.Source, irq.Level, irq.Low), sata.Irq);
        Assert.Equal(19, sata.Irq!.Pin);
    }

    [Fact]
    public void Nic_82574L_at_05_00_0_has_the_seeds_memory_io_and_irq()
    {
        var board = Cma34cr.Describe();
        var nic = board.Find(new PciAddress(5, 0, 0))!;
        var ports = SeedPassthroughEntries.IoPorts(SeedPassthroughEntries.Ethernet).Single(e => e.Name == "Ethernet5");
        Assert.Equal(0, ports.PciDevice);
        Assert.Contains(nic.IoBars, b => b.Base == ports.Start && b.End == (ulong)ports.End);
        var memory = SeedPassthroughEntries.MemoryRegions(SeedPassthroughEntries.Ethernet);
        Assert.Equal(memory, nic.MemoryBars.Select(b => (b.Base, b.Size)));
        var irq = SeedPassthroughEntries.Irqs(SeedPassthroughEntries.Ethernet).Single(i => i.Name == "Ethernet5");
        Assert.Equal(new BoardIrq(irq.Source, irq.Level, irq.Low), nic.Irq);
        Assert.Equal((0x8086, 0x10d3), ((int)nic.Identity.VendorId, (int)nic.Identity.DeviceId)); // 82574L
    }

    [Fact]
    public void Bus_5_is_reached_through_a_root_port_whose_windows_hold_the_nic()
    {
        var board = Cma34cr.Describe();
        var nic = board.Find(Cma34cr.Ethernet)!;
        var bridge = Assert.Single(board.Devices, d => d.Bridge?.Secondary == 5).Bridge!;
        Assert.All(nic.MemoryBars, b => Assert.True(b.Base >= bridge.MemoryBase && b.End - 1 <= bridge.MemoryLimit));
        Assert.All(nic.IoBars, b => Assert.True(b.Base >= bridge.IoBase && b.End - 1 <= bridge.IoLimit));
    }

    [Fact]
    public void Built_board_programs_bars_and_interrupt_line_as_firmware_would()
    {
        var board = Board.Build(Cma34cr.Describe());
        var nic = board.Function(Cma34cr.Ethernet)!;
        Assert.Equal(0xc0500000u, nic.ReadConfig(0x10, 4));
        Assert.Equal(0x3001u, nic.ReadConfig(0x18, 4)); // I/O BAR: bit 0 set
        Assert.Equal(0x11u, nic.ReadConfig(0x3C, 1));
        Assert.Equal(1u, nic.ReadConfig(0x3D, 1)); // INTA#
        Assert.Equal(0xc0500000u, nic.Bars[0]!.DecodedBase);
    }

    [Fact]
    public void A_model_with_a_wrong_bar_is_refused_with_the_expected_layout()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Board.Build(Cma34cr.Describe(),
            d => d.Address == Cma34cr.Ethernet ? new PciFunction("bad NIC", 0x8086, 0x10d3, 0x020000) : null));
        Assert.Contains("BAR0", e.Message);
        Assert.Contains("0x20000", e.Message);
    }

    [Fact]
    public void Factory_models_replace_plain_functions()
    {
        PciFunction? made = null;
        var board = Board.Build(Cma34cr.Describe(), d => d.Address == Cma34cr.Sata ? made = new BoardFunction(d) : null);
        Assert.Same(made, board.Function(Cma34cr.Sata));
        Assert.IsType<BoardFunction>(board.Function(Cma34cr.Ethernet));
    }
}
