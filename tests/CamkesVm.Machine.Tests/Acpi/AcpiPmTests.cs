using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Tests.Platform;
using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Tests.Acpi;

/// <summary>ACPI 6.x §4.8.3 PM1 event/control registers and the PM timer, through the port bus at 0x600.</summary>
public class AcpiPmTests
{
    private long _ns; // 1 instruction per ns at the nominal rate
    private readonly MachineClock _clock;
    private readonly RecordingLine _sci = new();
    private readonly PortBus _ports = new();
    private readonly AcpiPm _pm;
    private int _powerOffs;

    public AcpiPmTests()
    {
        _clock = new MachineClock(TimeMode.Virtual, () => _ns, 1_000_000_000);
        _pm = new AcpiPm(_clock, _sci, () => _powerOffs++);
        _ports.Map(AcpiPm.BasePort, AcpiPm.PortCount, _pm, "ACPI PM");
    }

    [Fact]
    public void Sci_en_reads_one_because_the_platform_is_always_in_acpi_mode()
    {
        Assert.Equal(1u, _ports.In(0x604, 2) & 1);
        _ports.Out(0x604, 0x0000, 2);
        Assert.Equal(1u, _ports.In(0x604, 2) & 1);
    }

    [Fact]
    public void Writing_slp_typ_5_with_slp_en_powers_off_as_acpica_does()
    {
        // acpi_hw_legacy_sleep: SLP_TYP first, then the same value with SLP_EN.
        uint cnt = _ports.In(0x604, 2) & ~0x3C00u;
        _ports.Out(0x604, cnt | 5 << 10, 2);
        Assert.Equal(0, _powerOffs);
        _ports.Out(0x604, cnt | 5 << 10 | 0x2000, 2);
        Assert.Equal(1, _powerOffs);
        Assert.Equal(0u, _ports.In(0x604, 2) & 0x2000); // SLP_EN is write-only
        Assert.Equal(5, _pm.SleepType);
    }

    [Fact]
    public void Slp_en_with_another_sleep_type_does_not_power_off()
    {
        _ports.Out(0x604, 1 << 10 | 0x2000, 2);
        Assert.Equal(0, _powerOffs);
    }

    [Fact]
    public void Slp_en_written_as_the_high_byte_alone_uses_the_stored_sleep_type()
    {
        _ports.Out(0x604, 5 << 10, 2);
        _ports.Out(0x605, (5 << 2) | 0x20, 1);
        Assert.Equal(1, _powerOffs);
    }

    [Fact]
    public void Pm_timer_counts_at_3_579545_MHz_in_24_bits()
    {
        _ns = 1_000_000_000;
        Assert.Equal(3_579_545u, _ports.In(0x608, 4));
        _ns = 10_000_000_000; // 35,795,450 ticks wrap at 2^24
        Assert.Equal(35_795_450u % (1u << 24), _ports.In(0x608, 4));
        Assert.Equal(0u, _ports.In(0x608, 4) >> 24);
    }

    [Fact]
    public void Pm_timer_bytes_read_on_their_lanes()
    {
        _ns = 1_000_000_000; // 0x369E99
        Assert.Equal(0x99u, _ports.In(0x608, 1));
        Assert.Equal(0x9Eu, _ports.In(0x609, 1));
        Assert.Equal(0x36u, _ports.In(0x60A, 1));
    }

    [Fact]
    public void Tmr_sts_sets_when_bit_23_toggles_and_clears_on_write_one()
    {
        Assert.Equal(0u, _ports.In(0x600, 2) & 1);
        _ns = TicksToNs(1 << 23);
        Assert.Equal(1u, _ports.In(0x600, 2) & 1);
        _ports.Out(0x600, 0x0000, 2);  // writing 0 leaves it
        Assert.Equal(1u, _ports.In(0x600, 2) & 1);
        _ports.Out(0x600, 0x0001, 2);
        Assert.Equal(0u, _ports.In(0x600, 2) & 1);
    }

    [Fact]
    public void Tmr_en_raises_the_sci_at_the_next_toggle_through_a_clock_timer()
    {
        _ports.Out(0x602, 0x0001, 2);
        Assert.False(_sci.Level);
        long deadline = _clock.NextDeadlineNs;
        Assert.Equal(TicksToNs(1 << 23), deadline);
        _ns = deadline;
        _clock.RunExpired();
        Assert.True(_sci.Level);
        _ports.Out(0x600, 0x0001, 2);
        Assert.False(_sci.Level);
        Assert.Equal(TicksToNs(2 << 23), _clock.NextDeadlineNs);
    }

    [Fact]
    public void Enable_register_keeps_only_defined_bits()
    {
        _ports.Out(0x602, 0xFFFF, 2);
        Assert.Equal(0x4721u, _ports.In(0x602, 2));
    }

    private static long TicksToNs(long ticks) => (ticks * 1_000_000_000 + AcpiPm.TimerFrequencyHz - 1) / AcpiPm.TimerFrequencyHz;
}
