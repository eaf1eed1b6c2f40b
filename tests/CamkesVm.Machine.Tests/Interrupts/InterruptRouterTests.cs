using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Interrupts;
using CamkesVm.Machine.Tests.Devices;

namespace CamkesVm.Machine.Tests.Interrupts;

/// <summary>
/// The router as the machine builds it, driven through the buses with the sequences Linux uses:
/// a PIC-only kernel (our bzimage config) and an APIC kernel (the original project's 4.8.16 SMP kernel).
/// </summary>
public class InterruptRouterTests
{
    private const int Hz250Latch = (1_193_182 + 125) / 250;
    private readonly VirtualTime _time = new();
    private readonly InterruptRouter _router;
    private readonly PortBus _ports = new();
    private readonly MmioBus _mmio = new();
    private readonly Pit8254 _pit;
    private int _notified;

    public InterruptRouterTests()
    {
        _router = new InterruptRouter(_time.Clock);
        _router.InterruptPending = () => _notified++;
        _router.MapDevices(_ports, _mmio);
        _pit = new Pit8254(_time.Clock, _router.Line(0));
        _pit.MapDevices(_ports);
    }

    private void Out(ushort port, int value) => _ports.Out(port, (uint)value, 1);

    private void InitPic()
    {
        Out(0x21, 0xFF); Out(0xA1, 0xFF);
        Out(0x20, 0x11); Out(0x21, 0x30); Out(0x21, 0x04); Out(0x21, 0x01);
        Out(0xA0, 0x11); Out(0xA1, 0x38); Out(0xA1, 0x02); Out(0xA1, 0x01);
    }

    private void StartPitHz250()
    {
        Out(0x43, 0x34); Out(0x40, Hz250Latch & 0xFF); Out(0x40, Hz250Latch >> 8);
    }

    private void Lapic(uint reg, uint value) => _mmio.Write(LocalApic.DefaultBase + reg, value, 4);

    private void IoApicEntry(int pin, uint low, uint destination = 0)
    {
        _mmio.Write(IoApic.DefaultBase, 0x11 + 2 * (uint)pin, 4);
        _mmio.Write(IoApic.DefaultBase + 0x10, destination << 24, 4);
        _mmio.Write(IoApic.DefaultBase, 0x10 + 2 * (uint)pin, 4);
        _mmio.Write(IoApic.DefaultBase + 0x10, low, 4);
    }

    /// <summary>Runs to the PIT's first IRQ0 edge after the count was loaded at tick 1.</summary>
    private void RunToFirstTick() => _time.RunTo(Pit8254.NsOfTick(1 + Hz250Latch));

    [Fact]
    public void Pit_edge_reaches_the_cpu_as_icw2_vector_in_pic_mode()
    {
        StartPitHz250(); // OUT goes high now; the controllers, set up after, see the next edge
        InitPic();
        Out(0x21, 0xFE); // only IRQ0 unmasked
        _time.RunTo(Pit8254.NsOfTick(1 + Hz250Latch) - 1);
        Assert.False(_router.HasPendingInterrupt);
        Assert.Equal(0, _router.Pic.Master.Irr);
        RunToFirstTick();
        Assert.True(_router.HasPendingInterrupt);
        Assert.True(_notified > 0);
        Assert.Equal(0x30, _router.AcknowledgeInterrupt());
        Assert.False(_router.HasPendingInterrupt);
        Out(0x20, 0x60);
        _time.RunTo(Pit8254.NsOfTick(1 + 2 * Hz250Latch));
        Assert.Equal(0x30, _router.AcknowledgeInterrupt());
    }

    [Fact]
    public void Rtc_irq8_cascades_through_the_slave_in_pic_mode()
    {
        var rtc = new Cmos146818(_time.Clock, new DateTime(2026, 1, 1), _router.Line(8));
        InitPic();
        Out(0x21, 0xFB); Out(0xA1, 0xFE);
        rtc.Write(0, 0x0B, 1); rtc.Write(1, 0x12, 1); // UIE
        _time.RunTo(1_000_000_000);
        Assert.Equal(0x38, _router.AcknowledgeInterrupt());
    }

    [Fact]
    public void Pit_edge_arrives_as_the_programmed_ioapic_vector_on_pin_2_in_apic_mode()
    {
        StartPitHz250(); // OUT goes high now; the controllers, set up after, see the next edge
        InitPic();
        Out(0x21, 0xFF); Out(0xA1, 0xFF); // Linux masks the 8259A when the I/O APIC takes over
        Lapic(0xF0, 0x1FF);
        Lapic(0x350, 0x1_0700); // LINT0: masked ExtINT
        Lapic(0x360, 0x400);    // LINT1: NMI
        IoApicEntry(2, 0x30);    // IRQ0 through the 0 -> 2 override, edge, physical to APIC 0
        IoApicEntry(0, 0x31);    // a pin-0 route must not see the PIT
        RunToFirstTick();
        Assert.True(_router.HasPendingInterrupt);
        Assert.Equal(0x30, _router.AcknowledgeInterrupt());
        Assert.False(_router.HasPendingInterrupt);
        Assert.Equal(0, _router.Pic.Master.Isr);
        Lapic(0xB0, 0);
        _time.RunTo(Pit8254.NsOfTick(1 + 2 * Hz250Latch));
        Assert.Equal(0x30, _router.AcknowledgeInterrupt());
    }

    [Fact]
    public void Enabled_lapic_with_lint0_extint_carries_the_8259a_virtual_wire()
    {
        StartPitHz250(); // OUT goes high now; the controllers, set up after, see the next edge
        InitPic();
        Out(0x21, 0xFE);
        Lapic(0xF0, 0x1FF);
        Lapic(0x350, 0x700);
        RunToFirstTick();
        Assert.Equal(0x30, _router.AcknowledgeInterrupt());
        Assert.Equal(0x01, _router.Pic.Master.Isr);
    }

    [Fact]
    public void Enabled_lapic_with_lint0_masked_keeps_the_8259a_from_the_cpu()
    {
        StartPitHz250(); // OUT goes high now; the controllers, set up after, see the next edge
        InitPic();
        Out(0x21, 0xFE);
        Lapic(0xF0, 0x1FF);
        RunToFirstTick();
        Assert.True(_router.Pic.Output);
        Assert.False(_router.HasPendingInterrupt);
        Assert.Equal(0xFF, _router.AcknowledgeInterrupt()); // the APIC's spurious vector
    }

    [Fact]
    public void Ioapic_extint_entry_on_pin_0_carries_the_8259a()
    {
        StartPitHz250(); // OUT goes high now; the controllers, set up after, see the next edge
        InitPic();
        Out(0x21, 0xFE);
        Lapic(0xF0, 0x1FF);
        IoApicEntry(0, 0x700);
        RunToFirstTick();
        Assert.True(_router.HasPendingInterrupt);
        Assert.Equal(0x30, _router.AcknowledgeInterrupt());
    }

    [Fact]
    public void Pci_gsi_is_active_low_level_through_the_ioapic_with_remote_irr()
    {
        Lapic(0xF0, 0x1FF);
        IoApicEntry(16, 0xA049); // level, active low, vector 0x49
        var line = _router.Line(16);
        Assert.False(_router.HasPendingInterrupt);
        line.Set(true);
        Assert.Equal(0x49, _router.AcknowledgeInterrupt());
        line.Set(false);
        Lapic(0xB0, 0);
        Assert.Equal(0u, _router.IoApic.EntryLow(16) & 0x4000);
        Assert.False(_router.HasPendingInterrupt);
    }

    [Fact]
    public void Isa_level_irq_reaches_both_the_8259a_and_its_ioapic_pin()
    {
        InitPic();
        Out(0x4D1, 0x02); // IRQ9 level in the ELCR
        Out(0xA1, 0xFD); Out(0x21, 0xFB);
        _router.Line(9).Set(true);
        Assert.Equal(0x39, _router.AcknowledgeInterrupt());
        Lapic(0xF0, 0x1FF);
        IoApicEntry(9, 0x8059);
        Assert.Equal(0x59, _router.AcknowledgeInterrupt());
    }

    [Fact]
    public void Devices_are_mapped_where_a_pc_has_them()
    {
        Out(0x21, 0xA5);
        Assert.Equal(0xA5u, _ports.In(0x21, 1));
        Out(0x4D0, 0x20);
        Assert.Equal(0x20u, _ports.In(0x4D0, 1));
        Assert.Equal(LocalApic.VersionValue, _mmio.Read(0xFEE0_0030, 4));
        _mmio.Write(0xFEC0_0000, 1, 4);
        Assert.Equal(IoApic.VersionValue, _mmio.Read(0xFEC0_0010, 4));
        Assert.Equal("8259A PIC slave", _ports.NameAt(0xA1));
    }

    [Fact]
    public void Line_outside_the_24_gsis_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _router.Line(24));
        Assert.Contains("GSI 0-23", e.Message);
        Assert.Equal(2, InterruptRouter.IoApicPin(0));
        Assert.Equal(5, InterruptRouter.IoApicPin(5));
    }

    [Fact]
    public void Acknowledge_with_nothing_pending_in_pic_mode_is_spurious_irq7()
    {
        InitPic();
        Assert.False(_router.HasPendingInterrupt);
        Assert.Equal(0x37, _router.AcknowledgeInterrupt());
    }
}
