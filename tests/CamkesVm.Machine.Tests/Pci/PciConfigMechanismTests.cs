using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Tests.Pci;

/// <summary>Configuration mechanism #1 (PCI 3.0 §3.2.2.3.2) as Linux's arch/x86/pci/direct.c probes it.</summary>
public class PciConfigMechanismTests
{
    private readonly PortBus _ports = new();
    private readonly PciBus _bus = new();
    private int _resets;

    public PciConfigMechanismTests()
    {
        _bus.Add(0, 0, new I440FxHostBridge());
        _ports.Map(PciHostBridge.BasePort, PciHostBridge.PortCount,
            new PciHostBridge(_bus, new ResetControlRegister(() => _resets++)), "PCI host bridge");
    }

    private static uint Address(int bus, int dev, int fn, int reg) =>
        0x8000_0000u | (uint)(bus << 16 | dev << 11 | fn << 8 | reg);

    private uint ConfigRead(int dev, int fn, int reg, int size, int bus = 0)
    {
        _ports.Out(0xCF8, Address(bus, dev, fn, reg & 0xFC), 4);
        return _ports.In((ushort)(0xCFC + (reg & 3)), size);
    }

    [Fact]
    public void Linux_pci_check_type1_succeeds()
    {
        _ports.Out(0xCFB, 0x01, 1);
        uint tmp = _ports.In(0xCF8, 4);
        _ports.Out(0xCF8, 0x8000_0000, 4);
        Assert.Equal(0x8000_0000u, _ports.In(0xCF8, 4));
        _ports.Out(0xCF8, tmp, 4);
        // pci_sanity_check: some devfn on bus 0 is a host bridge (class word at 0x0A) or has an Intel vendor ID.
        bool sane = Enumerable.Range(0, 256).Any(devfn =>
            ConfigRead(devfn >> 3, devfn & 7, 0x0A, 2) == 0x0600 || ConfigRead(devfn >> 3, devfn & 7, 0x00, 2) == 0x8086);
        Assert.True(sane);
    }

    [Fact]
    public void Linux_pci_check_type2_fails_as_on_an_intel_mechanism_1_chipset()
    {
        _ports.Out(0xCFB, 0x00, 1);
        _ports.Out(0xCF8, 0x00, 1);
        _ports.Out(0xCFA, 0x00, 1);
        bool type2 = _ports.In(0xCF8, 1) == 0x00 && _ports.In(0xCFA, 1) == 0x00;
        Assert.False(type2);
        Assert.Equal(0, _resets);
    }

    [Fact]
    public void Address_register_reads_reserved_and_low_bits_as_zero()
    {
        _ports.Out(0xCF8, 0xFFFF_FFFF, 4);
        Assert.Equal(0x80FF_FFFCu, _ports.In(0xCF8, 4));
    }

    [Fact]
    public void Host_bridge_identifies_as_i440fx()
    {
        Assert.Equal(0x1237_8086u, ConfigRead(0, 0, 0x00, 4));
        Assert.Equal(0x0600_0002u, ConfigRead(0, 0, 0x08, 4)); // class 06:00:00, revision 02
        Assert.Equal(0x00u, ConfigRead(0, 0, 0x0E, 1));         // header type 0, single function
    }

    [Fact]
    public void Data_port_byte_and_word_accesses_use_their_byte_lanes()
    {
        _ports.Out(0xCF8, Address(0, 0, 0, 0x00), 4);
        Assert.Equal(0x86u, _ports.In(0xCFC, 1));
        Assert.Equal(0x80u, _ports.In(0xCFD, 1));
        Assert.Equal(0x37u, _ports.In(0xCFE, 1));
        Assert.Equal(0x12u, _ports.In(0xCFF, 1));
        Assert.Equal(0x1237u, _ports.In(0xCFE, 2));
        Assert.Equal(0x8086u, _ports.In(0xCFC, 2));
    }

    [Fact]
    public void Byte_write_on_a_lane_reaches_the_matching_register_byte()
    {
        _ports.Out(0xCF8, Address(0, 0, 0, 0x3C), 4);
        _ports.Out(0xCFC, 0x0B, 1); // interrupt line
        _ports.Out(0xCFD, 0x04, 1); // interrupt pin is read-only
        Assert.Equal(0x000Bu, _ports.In(0xCFC, 2));
    }

    [Theory]
    [InlineData(5, 0, 0)]  // no device 5
    [InlineData(0, 3, 0)]  // no function 3
    [InlineData(0, 0, 1)]  // no bus 1
    public void Absent_functions_read_all_ones(int dev, int fn, int bus)
    {
        Assert.Equal(0xFFFF_FFFFu, ConfigRead(dev, fn, 0, 4, bus));
        Assert.Equal(0xFFFFu, ConfigRead(dev, fn, 2, 2, bus));
        Assert.Equal(0xFFu, ConfigRead(dev, fn, 0x0E, 1, bus));
    }

    [Fact]
    public void Data_port_without_the_enable_bit_reads_ones()
    {
        _ports.Out(0xCF8, 0x0000_0000, 4);
        Assert.Equal(0xFFFF_FFFFu, _ports.In(0xCFC, 4));
    }

    [Fact]
    public void Reset_control_at_0xCF9_answers_byte_accesses_inside_the_address_dword()
    {
        _ports.Out(0xCF8, 0x8000_0000, 4);
        _ports.Out(0xCF9, 0x02, 1);
        Assert.Equal(0x02u, _ports.In(0xCF9, 1));
        Assert.Equal(0x8000_0000u, _ports.In(0xCF8, 4)); // CONFIG_ADDRESS untouched
        _ports.Out(0xCF9, 0x06, 1);
        Assert.Equal(1, _resets);
    }
}
