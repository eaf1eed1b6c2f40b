using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Tests.Bus;

public class BusTests
{
    private sealed class Recorder : IBusDevice
    {
        public readonly List<(uint Offset, uint Value, int Size)> Writes = [];
        public uint Read(uint offset, int size) => 0x100 + offset;
        public void Write(uint offset, uint value, int size) => Writes.Add((offset, value, size));
    }

    [Theory]
    [InlineData(1, 0xFFu)]
    [InlineData(2, 0xFFFFu)]
    [InlineData(4, 0xFFFF_FFFFu)]
    public void Unclaimed_port_reads_all_ones_and_is_reported_once(int size, uint expected)
    {
        var bus = new PortBus();
        var log = new List<string>();
        bus.Unclaimed = log.Add;
        Assert.Equal(expected, bus.In(0x2F8, size));
        bus.Out(0x2F8, 0, size);
        Assert.Single(log);
        Assert.Contains("0x2f8", log[0]);
    }

    [Fact]
    public void Port_device_sees_offsets_relative_to_its_start()
    {
        var bus = new PortBus();
        var dev = new Recorder();
        bus.Map(0x3F8, 8, dev, "COM1");
        Assert.Equal(0x105u, bus.In(0x3FD, 1));
        bus.Out(0x3F9, 0x0F, 1);
        Assert.Equal((1u, 0x0Fu, 1), dev.Writes[0]);
        Assert.Equal("COM1", bus.NameAt(0x3FF));
        Assert.Null(bus.NameAt(0x400));
    }

    [Fact]
    public void Overlapping_port_mapping_is_refused_with_both_names()
    {
        var bus = new PortBus();
        bus.Map(0x40, 4, new Recorder(), "PIT");
        var e = Assert.Throws<InvalidOperationException>(() => bus.Map(0x43, 2, new Recorder(), "other"));
        Assert.Contains("PIT", e.Message);
    }

    [Fact]
    public void Mmio_windows_are_found_by_address_and_misses_read_ones()
    {
        var bus = new MmioBus();
        var apic = new Recorder();
        var ioapic = new Recorder();
        bus.Map(0xFEE0_0000, 0x1000, apic, "LAPIC");
        bus.Map(0xFEC0_0000, 0x1000, ioapic, "IOAPIC");
        Assert.Equal(0x130u, bus.Read(0xFEE0_0030, 4));
        Assert.Equal(0x110u, bus.Read(0xFEC0_0010, 4));
        Assert.Equal(0xFFFF_FFFFu, bus.Read(0xFEE0_1000, 4));
        bus.Write(0xFEC0_0000, 7, 4);
        Assert.Equal((0u, 7u, 4), ioapic.Writes[0]);
        Assert.Throws<InvalidOperationException>(() => bus.Map(0xFEE0_0800, 0x1000, new Recorder(), "x"));
    }
}
