using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Passthrough;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Tests.Passthrough;

/// <summary>
/// Passthrough of cma34cr devices to a guest machine with the seed's grants: what the spec grants reaches the
/// device model, what it does not never does and is reported once, interrupts go source → dest as configured.
/// </summary>
public sealed class PassthroughTests : IDisposable
{
    private readonly List<string> _log = [];
    private readonly Dictionary<PciAddress, RecordingModel> _models = [];
    private readonly PcMachine _machine;
    private readonly Board _board;

    public PassthroughTests()
    {
        _machine = new PcMachine(new MachineOptions { MemoryMb = 16, Log = _log.Add });
        _board = Board.Build(Cma34cr.Describe(SataMode.Ahci), d => d.Address.Device == 0 && d.Address.Bus == 0 ? null : _models[d.Address] = new RecordingModel(d));
    }

    public void Dispose() => _machine.Dispose();

    // The seed's AHCI entries ("Booting from hard drive") plus its Ethernet5 entries ("Passthrough Ethernet").
    private static PassthroughGrant SeedAhciAndEthernet(bool ethernetIo = true) => new(
        [new(0x4088, 0x4090, 0x1f, "SATA"), new(0x4094, 0x4098, 0x1f, "SATA"), new(0x4080, 0x4088, 0x1f, "SATA"), new(0x4060, 0x4080, 0x1f, "SATA"),
         .. ethernetIo ? new GrantedPorts[] { new(0x3000, 0x3020, 0, "Ethernet5") } : []],
        [new("SATA", Cma34cr.Sata, "SATA", [new(0xc0713000, 0x800)]),
         new("Ethernet5", Cma34cr.Ethernet, "Ethernet5", [new(0xc0500000, 0x20000)])], // the seed's second region (MSI-X) left out
        [new("SATA", 19, true, true, 11), new("Ethernet5", 0x11, true, true, 10)]);

    private static uint ConfigRead(PcMachine m, int dev, int reg, int size = 4)
    {
        m.Ports.Out(0xCF8, 0x8000_0000u | (uint)(dev << 11 | reg & 0xFC), 4);
        return m.Ports.In((ushort)(0xCFC + (reg & 3)), size);
    }

    [Fact]
    public void Devices_appear_on_the_guest_bus_0_in_spec_order_with_interrupt_line_dest()
    {
        var attached = _machine.AttachPassthrough(_board, SeedAhciAndEthernet());
        Assert.Equal([new PciAddress(0, 1, 0), new PciAddress(0, 2, 0)], attached.Devices.Select(d => d.GuestAddress));
        Assert.Equal(0x1e03_8086u, ConfigRead(_machine, 1, 0));
        Assert.Equal(0x10d3_8086u, ConfigRead(_machine, 2, 0)); // the seed's guest names it enp0s2
        Assert.Equal(11u, ConfigRead(_machine, 1, 0x3C, 1));
        Assert.Equal(10u, ConfigRead(_machine, 2, 0x3C, 1));
        Assert.Equal(0xc0500000u, ConfigRead(_machine, 2, 0x10)); // BAR at the board's address
    }

    [Fact]
    public void Granted_ports_reach_the_device_and_ungranted_ones_never_do_and_are_reported_once()
    {
        _machine.AttachPassthrough(_board, SeedAhciAndEthernet());
        var sata = _models[Cma34cr.Sata];
        _machine.Ports.Out(0x4060, 0xAB, 1); // BAR4 (bus master IDE), granted
        Assert.Equal([(4, 0u, 0xABu)], sata.Writes);
        Assert.Equal(0x5A5Au, _machine.Ports.In(0x4062, 2));
        // BAR3 (0x4090-0x4093): the seed's entries stop at 0x4090, which [start, end] includes.
        Assert.Equal(0x5Au, _machine.Ports.In(0x4090, 1));
        Assert.Equal(0xFFu, _machine.Ports.In(0x4091, 1));
        _machine.Ports.Out(0x4092, 1, 1);
        Assert.Equal(0xFFFFu, _machine.Ports.In(0x4092, 2));
        Assert.Equal(2, sata.Reads.Count); // 0x4062 and 0x4090 only
        Assert.Single(sata.Writes);
        var report = Assert.Single(_log, l => l.Contains("does not grant"));
        Assert.Contains("SATA (00:1f.2) BAR3 ports 0x4091-0x4093", report);
    }

    [Fact]
    public void Granted_mmio_reaches_the_device_and_an_ungranted_bar_never_does_and_is_reported_once()
    {
        _machine.AttachPassthrough(_board, SeedAhciAndEthernet());
        var nic = _models[Cma34cr.Ethernet];
        _machine.Mmio.Write(0xc0500008, 0x1234, 4);
        Assert.Equal([(0, 8u, 0x1234u)], nic.Writes);
        _machine.Mmio.Write(0xc0520000, 1, 4);
        Assert.Equal(0xFFFF_FFFFu, _machine.Mmio.Read(0xc0520004, 4));
        Assert.Single(nic.Writes);
        Assert.Empty(nic.Reads);
        var report = Assert.Single(_log, l => l.Contains("does not grant"));
        Assert.Contains("Ethernet5 (05:00.0) BAR3 memory 0xc0520000-0xc0523fff", report);
        Assert.Contains("\"paddr\":0xc0520000, \"size\":0x4000", report);
    }

    [Fact]
    public void The_grant_follows_a_bar_the_guest_moves()
    {
        _machine.AttachPassthrough(_board, SeedAhciAndEthernet());
        _machine.Ports.Out(0xCF8, 0x8000_0000u | 2 << 11 | 0x10, 4);
        _machine.Ports.Out(0xCFC, 0xd000_0000, 4);
        _machine.Mmio.Write(0xd0000010, 7, 4);
        Assert.Equal([(0, 0x10u, 7u)], _models[Cma34cr.Ethernet].Writes);
        Assert.Equal(0xFFFF_FFFFu, _machine.Mmio.Read(0xc0500010, 4)); // the old window is gone
    }

    [Fact]
    public void An_io_bar_without_any_ioports_entry_is_closed()
    {
        _machine.AttachPassthrough(_board, SeedAhciAndEthernet(ethernetIo: false));
        Assert.Equal(0xFFFF_FFFFu, _machine.Ports.In(0x3000, 4));
        Assert.Empty(_models[Cma34cr.Ethernet].Reads);
        Assert.Contains(_log, l => l.Contains("Ethernet5 (05:00.0) BAR2 ports 0x3000-0x301f"));
    }

    [Fact]
    public void Level_active_low_route_drives_dest_while_asserted_and_the_guest_line_is_level_sensitive()
    {
        var attached = _machine.AttachPassthrough(_board, SeedAhciAndEthernet());
        var route = attached.Routes.Single(r => r.Entry.Name == "SATA");
        Assert.Equal(0x08u, _machine.Ports.In(0x4D1, 1) & 0x08); // ELCR2 bit 3 = IRQ 11 level
        InitPic();
        _models[Cma34cr.Sata].Raise(true);
        Assert.True(route.Asserted);
        Assert.Equal(0x08, SlaveIrr());
        _models[Cma34cr.Sata].Raise(false);
        Assert.False(route.Asserted);
        Assert.Equal(0, SlaveIrr());
        Assert.Equal(1, route.Delivered);
    }

    [Fact]
    public void A_wrong_polarity_is_seen_as_on_hardware_the_idle_line_reads_asserted()
    {
        var grant = SeedAhciAndEthernet() with { Irqs = [new("SATA", 19, true, false, 11), new("Ethernet5", 0x11, true, true, 10)] };
        var route = _machine.AttachPassthrough(_board, grant).Routes[0];
        Assert.True(route.Asserted);
        _models[Cma34cr.Sata].Raise(true);
        Assert.False(route.Asserted);
    }

    [Fact]
    public void Edge_route_pulses_once_per_assertion()
    {
        var grant = SeedAhciAndEthernet() with { Irqs = [new("SATA", 19, false, true, 11), new("Ethernet5", 0x11, true, true, 10)] };
        var route = _machine.AttachPassthrough(_board, grant).Routes[0];
        InitPic();
        _models[Cma34cr.Sata].Raise(true);
        Assert.Equal(0x08, SlaveIrr()); // edge latched in IRR
        Assert.Equal(0u, _machine.Ports.In(0x4D1, 1) & 0x08); // line stays edge-triggered
        Assert.Equal(1, route.Delivered);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Dest_on_a_platform_line_or_outside_the_pic_is_refused(int dest)
    {
        var grant = SeedAhciAndEthernet() with { Irqs = [new("SATA", 19, true, true, dest), new("Ethernet5", 0x11, true, true, 10)] };
        var e = Assert.Throws<ArgumentException>(() => _machine.AttachPassthrough(_board, grant));
        Assert.Contains($"dest {dest}", e.Message);
    }

    [Fact]
    public void Unknown_device_is_refused_naming_the_lspci_command()
    {
        var grant = SeedAhciAndEthernet() with { Devices = [new("X", new PciAddress(3, 0, 0), "", [])] };
        var e = Assert.Throws<ArgumentException>(() => _machine.AttachPassthrough(_board, grant));
        Assert.Contains("03:00.0", e.Message);
        Assert.Contains("camkes-vm lspci --platform cma34cr", e.Message);
    }

    /// <summary>ICW1-4 for both 8259s (vectors 0x20/0x28), all lines unmasked; then OCW3 "read IRR".</summary>
    private void InitPic()
    {
        foreach (var (port, vector, cascade) in new[] { (0x20, 0x20, 0x04), (0xA0, 0x28, 0x02) })
        {
            _machine.Ports.Out((ushort)port, 0x11, 1);
            _machine.Ports.Out((ushort)(port + 1), (uint)vector, 1);
            _machine.Ports.Out((ushort)(port + 1), (uint)cascade, 1);
            _machine.Ports.Out((ushort)(port + 1), 0x01, 1);
            _machine.Ports.Out((ushort)(port + 1), 0x00, 1);
            _machine.Ports.Out((ushort)port, 0x0A, 1);
        }
    }

    private int SlaveIrr() => (int)_machine.Ports.In(0xA0, 1);

    /// <summary>A device model that records accesses per BAR and reads 0x5A in every byte.</summary>
    private sealed class RecordingModel : PciFunction
    {
        public List<(int Bar, uint Offset, uint Value)> Writes { get; } = [];
        public List<(int Bar, uint Offset)> Reads { get; } = [];

        public RecordingModel(BoardDevice d) : base(d.Name, d.Identity.VendorId, d.Identity.DeviceId, d.Identity.ClassCode, d.Identity.Revision)
        {
            foreach (var bar in d.Bars)
            {
                var handler = new Recorder(this, bar.Index);
                if (bar.Kind == PciBarKind.Io) DefineIoBar(bar.Index, bar.Size, handler);
                else DefineMemoryBar(bar.Index, bar.Size, handler);
            }
            SetInterruptPin(d.InterruptPin);
        }

        public void Raise(bool on) => SetInterrupt(on);

        private sealed class Recorder(RecordingModel model, int bar) : IBusDevice
        {
            public uint Read(uint offset, int size)
            {
                model.Reads.Add((bar, offset));
                return 0x5A5A_5A5Au & BusValues.Open(size);
            }

            public void Write(uint offset, uint value, int size) => model.Writes.Add((bar, offset, value));
        }
    }
}
