using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Pci;
using CamkesVm.Machine.Tests.Platform;

namespace CamkesVm.Machine.Tests.Pci;

/// <summary>The type 0 header rules of PCI 3.0 §6.2 on a NIC-shaped test function.</summary>
public class PciFunctionTests
{
    private readonly TestPciDevice _dev = new();
    private readonly List<PciBarChange> _changes = [];

    public PciFunctionTests() => _dev.BarChanged = _changes.Add;

    [Fact]
    public void Memory_bar_sizing_reads_back_the_size_mask()
    {
        Assert.Equal(0u, _dev.ReadConfig(0x10, 4));
        _dev.WriteConfig(0x10, 0xFFFF_FFFF, 4);
        uint sized = _dev.ReadConfig(0x10, 4);
        Assert.Equal(0xFFFE_0000u, sized);        // 128 KiB, 32-bit, not prefetchable
        Assert.Equal(128u * 1024, ~(sized & 0xFFFF_FFF0) + 1);
        _dev.WriteConfig(0x10, 0xFEBC_0000, 4);
        Assert.Equal(0xFEBC_0000u, _dev.ReadConfig(0x10, 4));
    }

    [Fact]
    public void Io_bar_sizing_keeps_the_io_space_bit()
    {
        _dev.WriteConfig(0x18, 0xFFFF_FFFF, 4);
        Assert.Equal(0xFFFF_FFE1u, _dev.ReadConfig(0x18, 4)); // 32 ports, bit 0 = I/O space
    }

    [Fact]
    public void Unimplemented_bars_and_expansion_rom_read_zero_after_sizing()
    {
        _dev.WriteConfig(0x14, 0xFFFF_FFFF, 4);
        _dev.WriteConfig(0x30, 0xFFFF_FFFF, 4);
        Assert.Equal(0u, _dev.ReadConfig(0x14, 4));
        Assert.Equal(0u, _dev.ReadConfig(0x30, 4));
    }

    [Fact]
    public void Bar_window_is_reported_when_enabled_moved_and_disabled()
    {
        _dev.WriteConfig(0x10, 0xFEBC_0000, 4);
        Assert.Empty(_changes); // memory decoding still off
        _dev.WriteConfig(0x04, 0x0002, 2);
        Assert.Equal(new PciBarChange(_dev.Memory, null, 0xFEBC_0000), Assert.Single(_changes));
        _dev.WriteConfig(0x10, 0xFEB0_0000, 4);
        Assert.Equal(new PciBarChange(_dev.Memory, 0xFEBC_0000, 0xFEB0_0000), _changes[1]);
        _dev.WriteConfig(0x04, 0x0000, 2);
        Assert.Equal(new PciBarChange(_dev.Memory, 0xFEB0_0000, null), _changes[2]);
        Assert.Null(_dev.Memory.DecodedBase);
    }

    [Fact]
    public void Io_bar_is_decoded_only_with_the_io_space_bit()
    {
        _dev.WriteConfig(0x18, 0xC001, 4);
        _dev.WriteConfig(0x04, 0x0002, 2);
        Assert.Null(_dev.Io.DecodedBase);
        _dev.WriteConfig(0x04, 0x0003, 2);
        Assert.Equal(0xC000u, _dev.Io.DecodedBase);
    }

    [Fact]
    public void Command_keeps_only_its_defined_bits_and_status_error_bits_are_write_one_to_clear()
    {
        _dev.WriteConfig(0x04, 0xFFFF, 2);
        Assert.Equal(0x0547u, _dev.ReadConfig(0x04, 2));
        Assert.True(_dev.BusMasterEnabled);
        _dev.WriteConfig(0x06, 0xFFFF, 2);
        Assert.Equal(0x0010u, _dev.ReadConfig(0x06, 2)); // only the capabilities-list bit remains
    }

    [Fact]
    public void Status_error_bits_clear_only_where_one_is_written()
    {
        _dev.ReportStatus(0x8000 | 0x2000 | 0x0100); // detected parity error, received master abort, SERR
        _dev.WriteConfig(0x06, 0x0000, 2);
        Assert.Equal(0xA110u, _dev.ReadConfig(0x06, 2));
        _dev.WriteConfig(0x06, 0x8000, 2);
        Assert.Equal(0x2110u, _dev.ReadConfig(0x06, 2));
        _dev.WriteConfig(0x07, 0x20, 1); // a byte write to the high half clears master abort
        Assert.Equal(0x0110u, _dev.ReadConfig(0x06, 2));
    }

    [Fact]
    public void Interrupt_line_is_writable_and_pin_is_read_only()
    {
        _dev.WriteConfig(0x3C, 0xFFFF, 2);
        Assert.Equal(0x01FFu, _dev.ReadConfig(0x3C, 2));
    }

    [Fact]
    public void Identity_registers_are_read_only()
    {
        _dev.WriteConfig(0x00, 0, 4);
        _dev.WriteConfig(0x08, 0, 4);
        _dev.WriteConfig(0x2C, 0, 4);
        Assert.Equal(0x10D3_8086u, _dev.ReadConfig(0x00, 4));
        Assert.Equal(0x0200_0000u, _dev.ReadConfig(0x08, 4));
        Assert.Equal(0x0000_8086u, _dev.ReadConfig(0x2C, 4));
    }

    [Fact]
    public void Capability_list_links_from_0x34_and_ends_with_zero()
    {
        Assert.Equal(0x10u, _dev.ReadConfig(0x06, 2) & 0x10);
        var seen = new List<(uint Id, uint Offset)>();
        for (uint p = _dev.ReadConfig(0x34, 1); p != 0; p = _dev.ReadConfig((int)p + 1, 1))
        {
            Assert.True(p >= 0x40 && p % 4 == 0, $"capability at 0x{p:x} must be dword aligned after the header");
            seen.Add((_dev.ReadConfig((int)p, 1), p));
        }
        Assert.Equal([(0x01u, (uint)_dev.PowerCapability), (0x05u, (uint)_dev.MsiCapability)], seen);
    }

    [Fact]
    public void Capability_fields_are_writable_only_where_the_model_says()
    {
        _dev.WriteConfig(_dev.MsiCapability + 2, 0xFFFF, 2);
        Assert.Equal(0x0001u, _dev.ReadConfig(_dev.MsiCapability + 2, 2));
        Assert.Contains((_dev.MsiCapability + 2, 2), _dev.ConfigWrites);
    }

    [Fact]
    public void Intx_follows_the_device_and_the_interrupt_disable_bit()
    {
        var line = new RecordingLine();
        _dev.IntxLine = line;
        _dev.RaiseIntx(true);
        Assert.True(line.Level);
        Assert.Equal(0x08u, _dev.ReadConfig(0x06, 2) & 0x08);
        _dev.WriteConfig(0x04, 0x0400, 2);
        Assert.False(line.Level);
        Assert.Equal(0x08u, _dev.ReadConfig(0x06, 2) & 0x08); // status still shows the pending interrupt
        _dev.WriteConfig(0x04, 0x0000, 2);
        Assert.True(line.Level);
        _dev.RaiseIntx(false);
        Assert.False(line.Level);
        Assert.Equal(0u, _dev.ReadConfig(0x06, 2) & 0x08);
    }

    [Fact]
    public void Reads_past_the_configuration_space_float_to_ones()
    {
        Assert.Equal(0xFFFF_FF00u | _dev.ReadConfig(0xFF, 1), _dev.ReadConfig(0xFF, 4));
    }

    [Fact]
    public void Bus_marks_function_0_multi_function_when_a_second_function_is_added()
    {
        var bus = new PciBus();
        var first = new TestPciDevice();
        bus.Add(3, 0, first);
        Assert.Equal(0x00u, first.ReadConfig(0x0E, 1));
        bus.Add(3, 1, new TestPciDevice());
        Assert.Equal(0x80u, first.ReadConfig(0x0E, 1));
        Assert.Equal("00:03.1", bus.Find(3, 1)!.Address.ToString());
        Assert.Throws<InvalidOperationException>(() => bus.Add(3, 1, new TestPciDevice()));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.Add(32, 0, new TestPciDevice()));
    }

    [Fact]
    public void Window_mapper_maps_moves_and_unmaps_bar_handlers_on_the_buses()
    {
        var ports = new PortBus();
        var mmio = new MmioBus();
        var dev = new TestPciDevice();
        new PciWindowMapper(ports, mmio).Attach(dev);
        dev.WriteConfig(0x10, 0xFEBC_0000, 4);
        dev.WriteConfig(0x18, 0xC000, 4);
        dev.WriteConfig(0x04, 0x0003, 2);
        Assert.Equal(0xA000_0008u, mmio.Read(0xFEBC_0008, 4));
        ports.Out(0xC004, 0x55, 1);
        Assert.Equal((4u, 0x55u), Assert.Single(dev.Ports.Writes));
        dev.WriteConfig(0x10, 0xFEA0_0000, 4);
        Assert.Equal(0xFFFF_FFFFu, mmio.Read(0xFEBC_0008, 4));
        Assert.Equal(0xA000_0010u, mmio.Read(0xFEA0_0010, 4));
        dev.WriteConfig(0x04, 0x0000, 2);
        Assert.Null(ports.NameAt(0xC004));
    }

    [Fact]
    public void Window_mapper_refuses_an_overlapping_window_and_keeps_the_other_device()
    {
        var ports = new PortBus();
        var mmio = new MmioBus();
        var log = new List<string>();
        ports.Map(0xC010, 8, new TestPciDevice.Window(), "other");
        var dev = new TestPciDevice();
        new PciWindowMapper(ports, mmio, log.Add).Attach(dev);
        dev.WriteConfig(0x18, 0xC000, 4);
        dev.WriteConfig(0x04, 0x0001, 2);
        Assert.Contains("other", Assert.Single(log));
        dev.WriteConfig(0x04, 0x0000, 2);
        Assert.Equal("other", ports.NameAt(0xC010)); // nothing of ours was unmapped over it
    }
}
