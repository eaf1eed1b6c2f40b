using CamkesVm.Machine.Devices;

namespace CamkesVm.Machine.Tests.Devices;

/// <summary>Behaviour from the Intel 8254 datasheet, driven with the sequences Linux writes.</summary>
public class Pit8254Tests
{
    private readonly VirtualTime _time = new();
    private readonly RecordingLine _irq0;
    private readonly Pit8254 _pit;

    public Pit8254Tests()
    {
        _irq0 = new RecordingLine(_time);
        _pit = new Pit8254(_time.Clock, _irq0);
    }

    private void Out(int port, int value)
    {
        if (port == 0x61) _pit.Port61.Write(0, (uint)value, 1);
        else _pit.Write((uint)(port - 0x40), (uint)value, 1);
    }

    private byte In(int port) => (byte)(port == 0x61 ? _pit.Port61.Read(0, 1) : _pit.Read((uint)(port - 0x40), 1));

    private static long Ns(long tick) => Pit8254.NsOfTick(tick);

    private long Tick => Pit8254.TickAt(_time.NowNs);

    [Fact]
    public void Tick_conversion_is_1_193182_MHz()
    {
        Assert.Equal(1_193_182, Pit8254.TickAt(1_000_000_000));
        Assert.Equal(1_000_000_000, Pit8254.NsOfTick(1_193_182));
        Assert.Equal(839, Pit8254.NsOfTick(1)); // 838.1 ns, rounded up to the first ns after the clock
    }

    [Fact]
    public void Mode2_at_hz250_gives_irq0_rising_edges_every_latch_clocks()
    {
        _time.RunTo(12_345);
        long written = Tick;
        const int latch = (1_193_182 + 125) / 250; // PIT_LATCH for HZ=250 = 4773
        Out(0x43, 0x34); Out(0x40, latch & 0xFF); Out(0x40, latch >> 8);
        _time.RunTo(1_000_000_000);
        var edges = _irq0.RisingEdges.ToList();
        // OUT starts high (the first change is the one-clock low before the first reload).
        Assert.True(_irq0.Changes[0] is (_, true));
        var expected = Enumerable.Range(1, 249).Select(k => Ns(written + 1 + (long)k * latch)).ToList();
        Assert.Equal(expected, edges.Skip(1).Take(249));
        Assert.Equal(Ns(written + latch), _irq0.Changes[1].Ns);
    }

    [Fact]
    public void Mode0_countdown_reads_through_the_counter_latch()
    {
        Out(0x43, 0x30); Out(0x40, 0xFF); Out(0x40, 0xFF);
        _time.RunTo(1_000_000); // 1 ms = 1193 input clocks, the first of which loads the count
        Out(0x43, 0x00);
        _time.Advance(500_000); // the latch holds while time passes
        int count = In(0x40) | In(0x40) << 8;
        Assert.Equal(0xFFFF - 1192, count);
        int later = In(0x40) | In(0x40) << 8;
        Assert.Equal(0xFFFF - (Pit8254.TickAt(1_500_000) - 1), later);
    }

    [Fact]
    public void Mode0_raises_irq0_once_n_plus_one_clocks_after_the_count_write()
    {
        Out(0x43, 0x30); Out(0x40, 100); Out(0x40, 0);
        Assert.False(_irq0.Level);
        _time.RunTo(1_000_000);
        Assert.Equal([Ns(101)], _irq0.RisingEdges);
        Assert.True(_irq0.Level);
    }

    [Fact]
    public void Port61_out2_rises_after_the_calibration_count_as_pit_calibrate_tsc_polls()
    {
        Out(0x61, (In(0x61) & ~0x02) | 0x01);
        Out(0x43, 0xB0);
        const int latch = 1_193_182 / (1000 / 50);
        long written = Tick;
        Out(0x42, latch & 0xFF); Out(0x42, latch >> 8);
        long risen = -1;
        for (long t = _time.NowNs; t < 60_000_000 && risen < 0; t += 700)
        {
            _time.RunTo(t);
            if ((In(0x61) & 0x20) != 0) risen = Tick;
        }
        Assert.Equal(written + 1 + latch, risen);
        Assert.Equal(0x01, In(0x61) & 0x03);
    }

    [Fact]
    public void Quick_pit_calibrate_sees_the_msb_step_down_every_256_clocks()
    {
        Out(0x61, (In(0x61) & ~0x02) | 0x01);
        Out(0x43, 0xB0); Out(0x42, 0xFF); Out(0x42, 0xFF);
        _time.RunTo(Ns(100));
        In(0x42);
        Assert.Equal(0xFF, In(0x42)); // pit_verify_msb(0xff): LSB read then MSB
        _time.RunTo(Ns(1 + 256 + 10));
        In(0x42);
        Assert.Equal(0xFE, In(0x42));
    }

    [Fact]
    public void Gate_low_suspends_mode0_counting_on_counter2()
    {
        Out(0x61, 0x01);
        Out(0x43, 0xB0); Out(0x42, 0x00); Out(0x42, 0x10); // 4096
        _time.RunTo(Ns(1001));
        Out(0x61, 0x00);
        _time.RunTo(Ns(3001));
        Out(0x43, 0x80);
        Assert.Equal(4096 - 1000, In(0x42) | In(0x42) << 8);
        Out(0x61, 0x01);
        _time.RunTo(Ns(3001 + 3096));
        Assert.Equal(0x20, In(0x61) & 0x20);
    }

    [Fact]
    public void Read_back_returns_status_then_count()
    {
        Out(0x61, 0x01); // counter 2 counts only while its gate is high
        Out(0x43, 0xB0);
        Out(0x43, 0xE8); // read-back status of counter 2
        Assert.Equal(0x70, In(0x42)); // OUT low, null count, LSB/MSB, mode 0, binary
        Out(0x42, 0x10); Out(0x42, 0x00);
        _time.RunTo(Ns(5));
        Out(0x43, 0xC8); // status and count of counter 2
        Assert.Equal(0x30, In(0x42));
        Assert.Equal(16 - 4, In(0x42) | In(0x42) << 8);
        _time.RunTo(Ns(40));
        Out(0x43, 0xE8);
        Assert.Equal(0xB0, In(0x42)); // OUT high after terminal count
    }

    [Fact]
    public void Mode3_square_wave_is_high_for_half_rounded_up()
    {
        Out(0x43, 0x36); Out(0x40, 5); Out(0x40, 0);
        _time.RunTo(Ns(1 + 10));
        Assert.Equal(
            [(0, true), (Ns(1 + 3), false), (Ns(1 + 5), true), (Ns(1 + 8), false), (Ns(1 + 10), true)],
            _irq0.Changes);
    }

    [Fact]
    public void Mode4_strobes_irq0_low_for_one_clock_at_terminal_count()
    {
        _irq0.Set(false);
        Out(0x43, 0x38); Out(0x40, 50); Out(0x40, 0);
        _time.RunTo(1_000_000);
        Assert.Equal([(0, true), (Ns(51), false), (Ns(52), true)], _irq0.Changes);
    }

    [Fact]
    public void Mode2_count_rewritten_while_counting_applies_from_the_next_period()
    {
        Out(0x43, 0x34); Out(0x40, 100); Out(0x40, 0);
        _time.RunTo(Ns(50));
        Out(0x40, 40); Out(0x40, 0);
        _time.RunTo(Ns(1 + 100 + 80));
        Assert.Equal([Ns(1 + 100), Ns(1 + 140), Ns(1 + 180)], _irq0.RisingEdges.Skip(1));
    }

    [Fact]
    public void Bcd_counter_counts_in_decimal()
    {
        Out(0x43, 0x71); Out(0x41, 0x00); Out(0x41, 0x10); // counter 1, BCD 1000
        _time.RunTo(Ns(1 + 100));
        Out(0x43, 0x40);
        Assert.Equal(0x00, In(0x41));
        Assert.Equal(0x09, In(0x41));
    }

    [Fact]
    public void Lsb_only_and_msb_only_access()
    {
        Out(0x43, 0x50); Out(0x41, 0x10); // LSB only: count 16
        _time.RunTo(Ns(1 + 6));
        Assert.Equal(10, In(0x41));
        Out(0x43, 0x60); Out(0x41, 0x02); // MSB only: count 0x200
        _time.RunTo(_time.NowNs + Ns(100));
        Assert.Equal(0x01, In(0x41));
    }

    [Fact]
    public void Mode1_one_shot_is_triggered_by_the_gate_of_counter2()
    {
        Out(0x43, 0xB2); Out(0x42, 20); Out(0x42, 0);
        Assert.True(_pit.Out(2));
        _time.RunTo(Ns(100));
        Out(0x61, 0x01);
        Assert.False(_pit.Out(2));
        _time.RunTo(Ns(100 + 1 + 20));
        Assert.True(_pit.Out(2));
    }

    [Fact]
    public void Port61_refresh_bit_toggles_every_15_085_us()
    {
        int a = In(0x61) & 0x10;
        _time.Advance(Pit8254Port61.RefreshToggleNs);
        int b = In(0x61) & 0x10;
        _time.Advance(Pit8254Port61.RefreshToggleNs);
        Assert.NotEqual(a, b);
        Assert.Equal(a, In(0x61) & 0x10);
    }
}

public class Pit8254LateTimerTests
{
    [Fact]
    public void Timer_run_late_coalesces_missed_edges_and_keeps_the_period()
    {
        var time = new VirtualTime();
        var irq0 = new RecordingLine(time);
        var pit = new Pit8254(time.Clock, irq0);
        pit.Write(3, 0x34, 1); pit.Write(0, 2, 1); pit.Write(0, 0, 1); // mode 2, N = 2: a change every clock
        time.Clock.SkipTo(Pit8254.NsOfTick(1_000_000) + 1);
        time.Clock.RunExpired();
        Assert.True(irq0.Changes.Count < 10);
        Assert.True(time.Clock.NextDeadlineNs > time.NowNs);
        Assert.True(time.Clock.NextDeadlineNs <= time.NowNs + Pit8254.NsOfTick(2));
    }

    /// <summary>
    /// Mode 4 (Linux's one-shot clock event): OUT is low for the one clock after terminal count, so IRQ0's rising
    /// edge comes one clock later. However late the machine runs the timer, the guest gets exactly that one edge.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Mode4_strobe_served_late_still_gives_one_rising_edge(int ticksLate)
    {
        var time = new VirtualTime();
        var irq0 = new RecordingLine(time);
        var pit = new Pit8254(time.Clock, irq0);
        pit.Write(3, 0x38, 1); pit.Write(0, 15, 1); pit.Write(0, 0, 1);   // clockevents min_delta: 0xF clocks
        long strobe = Pit8254.NsOfTick(1 + 15);
        Assert.Equal(strobe, time.Clock.NextDeadlineNs);
        time.Clock.SkipTo(Pit8254.NsOfTick(1 + 15 + ticksLate));
        time.Clock.RunExpired();
        time.RunTo(strobe + 1_000_000);
        Assert.Equal(2, irq0.RisingEdges.Count());                      // the control word's OUT high, then the strobe's end
        Assert.False(time.Clock.NextDeadlineNs < long.MaxValue, "a finished one-shot leaves no timer armed");
    }

    /// <summary>
    /// A count written after the previous one-shot's strobe was due, but before the machine ran its timer (the CPU
    /// was inside a time slice), must not swallow the strobe: on the chip it happened in time.
    /// </summary>
    [Fact]
    public void Mode4_strobe_due_before_a_new_count_is_written_is_not_lost()
    {
        var time = new VirtualTime();
        var irq0 = new RecordingLine(time);
        var pit = new Pit8254(time.Clock, irq0);
        pit.Write(3, 0x38, 1); pit.Write(0, 15, 1); pit.Write(0, 0, 1);
        time.Clock.SkipTo(Pit8254.NsOfTick(1 + 15 + 40));                 // no RunExpired: the slice ran on
        pit.Write(0, 100, 1); pit.Write(0, 0, 1);
        Assert.Equal(2, irq0.RisingEdges.Count());
        time.RunTo(time.NowNs + 1_000_000);
        Assert.Equal(3, irq0.RisingEdges.Count());
    }
}
