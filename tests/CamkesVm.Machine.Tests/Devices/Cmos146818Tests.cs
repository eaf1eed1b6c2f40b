using CamkesVm.Machine.Devices;

namespace CamkesVm.Machine.Tests.Devices;

/// <summary>Behaviour from the Motorola MC146818A datasheet and the PC CMOS map.</summary>
public class Cmos146818Tests
{
    private static readonly DateTime Start = new(2026, 12, 2, 19, 30, 45); // a Wednesday
    private readonly VirtualTime _time = new();
    private readonly RecordingLine _irq8;
    private readonly Cmos146818 _rtc;

    public Cmos146818Tests()
    {
        _irq8 = new RecordingLine(_time);
        _rtc = new Cmos146818(_time.Clock, Start, _irq8);
    }

    private Cmos146818 At(DateTime start) => new(_time.Clock, start, new RecordingLine(_time));

    private static byte Read(Cmos146818 rtc, int index)
    {
        rtc.Write(0, (uint)index, 1);
        return (byte)rtc.Read(1, 1);
    }

    private static void Write(Cmos146818 rtc, int index, int value)
    {
        rtc.Write(0, (uint)index, 1);
        rtc.Write(1, (uint)value, 1);
    }

    private byte Read(int index) => Read(_rtc, index);

    private void Write(int index, int value) => Write(_rtc, index, value);

    private byte[] TimeRegisters() => [.. new[] { 0, 2, 4, 6, 7, 8, 9, 0x32 }.Select(Read)];

    [Fact]
    public void Power_on_registers_show_bcd_24_hour_time()
    {
        Assert.Equal(new byte[] { 0x45, 0x30, 0x19, 0x04, 0x02, 0x12, 0x26, 0x20 }, TimeRegisters());
        Assert.Equal(0x26, Read(0x0A));
        Assert.Equal(0x02, Read(0x0B));
        Assert.Equal(0x80, Read(0x0D)); // VRT
    }

    [Fact]
    public void Binary_and_12_hour_modes_follow_register_b()
    {
        Write(0x0B, 0x06);
        Assert.Equal(new byte[] { 45, 30, 19, 4, 2, 12, 26, 20 }, TimeRegisters());
        Write(0x0B, 0x00);
        Assert.Equal(0x87, Read(0x04)); // 7 PM
        Write(0x0B, 0x04);
        Assert.Equal(0x87, Read(0x04));
    }

    [Fact]
    public void Twelve_hour_midnight_and_noon_read_as_12()
    {
        var rtc = At(new DateTime(2026, 1, 1, 0, 0, 0));
        Write(rtc, 0x0B, 0x00);
        Assert.Equal(0x12, Read(rtc, 0x04));
        Write(rtc, 0x04, 0x92); // 12 PM
        Write(rtc, 0x0B, 0x02);
        Assert.Equal(0x12, Read(rtc, 0x04));
    }

    [Fact]
    public void Time_advances_once_per_virtual_second_and_carries_into_the_new_year()
    {
        var rtc = At(new DateTime(2026, 12, 31, 23, 59, 59)); // Thursday
        _time.RunTo(999_999_999);
        Assert.Equal(0x59, Read(rtc, 0x00));
        _time.RunTo(1_000_000_000);
        Assert.Equal(new DateTime(2027, 1, 1), rtc.Now);
        Assert.Equal(0x06, Read(rtc, 0x06)); // Friday
        Assert.Equal(0x27, Read(rtc, 0x09));
    }

    [Fact]
    public void Leap_day_follows_february_28_in_2028()
    {
        var rtc = At(new DateTime(2028, 2, 28, 23, 59, 59));
        _time.RunTo(1_000_000_000);
        Assert.Equal(0x29, Read(rtc, 0x07));
        Assert.Equal(0x02, Read(rtc, 0x08));
    }

    [Fact]
    public void Update_in_progress_is_set_for_244_us_before_each_update()
    {
        _time.RunTo(1_000_000_000 - Cmos146818.UpdateInProgressNs - 1);
        Assert.Equal(0, Read(0x0A) & 0x80);
        _time.RunTo(1_000_000_000 - Cmos146818.UpdateInProgressNs + 1);
        Assert.Equal(0x80, Read(0x0A) & 0x80);
        Assert.Equal(0x45, Read(0x00)); // still the old second
        _time.RunTo(1_000_000_000);
        Assert.Equal(0, Read(0x0A) & 0x80);
        Assert.Equal(0x46, Read(0x00));
        _time.RunTo(2_000_000_000 - 100_000);
        Assert.Equal(0x80, Read(0x0A) & 0x80);
    }

    [Fact]
    public void Periodic_interrupt_at_1024_hz_sets_pf_and_irq8_until_register_c_is_read()
    {
        Write(0x0B, 0x42); // PIE
        _time.RunTo(976_562);
        Assert.False(_irq8.Level);
        _time.RunTo(976_563); // 32 cycles of 32.768 kHz
        Assert.True(_irq8.Level);
        Assert.Equal(0xC0, Read(0x0C));
        Assert.False(_irq8.Level);
        Assert.Equal(0x00, Read(0x0C));
        _time.RunTo(1_953_125);
        Assert.True(_irq8.Level);
    }

    [Fact]
    public void Periodic_flag_is_set_without_pie_but_raises_no_interrupt()
    {
        _time.RunTo(2_000_000);
        Assert.Equal(0x40, Read(0x0C));
        Assert.Empty(_irq8.Changes);
    }

    [Fact]
    public void Rate_select_15_gives_2_hz()
    {
        Write(0x0A, 0x2F);
        Write(0x0B, 0x42);
        _time.RunTo(2_000_000_000);
        Assert.Equal([500_000_000L], _irq8.RisingEdges);
    }

    [Fact]
    public void Update_ended_interrupt_fires_each_second()
    {
        Write(0x0B, 0x12); // UIE
        _time.RunTo(999_999_999);
        Assert.False(_irq8.Level);
        _time.RunTo(1_000_000_000);
        Assert.True(_irq8.Level);
        Assert.Equal(0x90, Read(0x0C) & 0xF0 & ~0x40);
    }

    [Fact]
    public void Alarm_interrupt_fires_when_time_matches_and_dont_care_matches_every_second()
    {
        Write(0x01, 0x48); Write(0x03, 0x30); Write(0x05, 0x19); // 19:30:48 in BCD
        Write(0x0B, 0x22); // AIE
        _time.RunTo(2_999_999_999);
        Assert.False(_irq8.Level);
        _time.RunTo(3_000_000_000);
        Assert.True(_irq8.Level);
        Assert.Equal(0xB0, Read(0x0C) & ~0x40); // IRQF | AF | UF
        Write(0x01, 0xC0); Write(0x03, 0xFF); Write(0x05, 0xC0);
        _time.RunTo(4_000_000_000);
        Assert.True(_irq8.Level);
    }

    [Fact]
    public void Set_bit_stops_updates_while_linux_writes_the_time()
    {
        Write(0x0B, 0x82); // SET, as mc146818_set_time does
        Write(0x00, 0x00); Write(0x02, 0x15); Write(0x04, 0x08); Write(0x07, 0x31); Write(0x08, 0x01);
        Write(0x09, 0x25); Write(0x32, 0x20);
        _time.RunTo(3_000_000_000);
        Assert.Equal(new DateTime(2025, 1, 31, 8, 15, 0), _rtc.Now);
        Assert.Equal(0, Read(0x0A) & 0x80); // no UIP while SET is set
        Write(0x0B, 0x02);
        _time.RunTo(4_000_000_000);
        Assert.Equal(new DateTime(2025, 1, 31, 8, 15, 1), _rtc.Now);
    }

    [Fact]
    public void Divider_reset_holds_time_and_first_update_is_half_a_second_after_release()
    {
        Write(0x0A, 0x70);
        _time.RunTo(5_000_000_000);
        Assert.Equal(Start, _rtc.Now);
        Write(0x0A, 0x26);
        _time.RunTo(5_499_999_999);
        Assert.Equal(Start, _rtc.Now);
        _time.RunTo(5_500_000_000);
        Assert.Equal(Start.AddSeconds(1), _rtc.Now);
    }

    [Fact]
    public void Index_bit_7_disables_nmi_and_the_index_port_reads_open_bus()
    {
        _rtc.Write(0, 0x8D, 1);
        Assert.True(_rtc.NmiDisabled);
        Assert.Equal(0x80u, _rtc.Read(1, 1));
        Assert.Equal(0xFFu, _rtc.Read(0, 1));
        _rtc.Write(0, 0x0D, 1);
        Assert.False(_rtc.NmiDisabled);
    }

    [Fact]
    public void Cmos_ram_keeps_guest_bytes()
    {
        Write(0x50, 0xA5);
        Assert.Equal(0xA5, Read(0x50));
    }

    [Fact]
    public void Memory_size_bytes_and_checksum_for_32_mib()
    {
        _rtc.SetEquipment(0x06);
        _rtc.SetMemorySize(32 << 20);
        Assert.Equal((0x80, 0x02), (Read(0x15), Read(0x16)));          // 640 KiB
        Assert.Equal((0x00, 0x7C), (Read(0x17), Read(0x18)));          // 31744 KiB above 1 MiB
        Assert.Equal((0x00, 0x7C), (Read(0x30), Read(0x31)));
        Assert.Equal((0x00, 0x01), (Read(0x34), Read(0x35)));          // 256 x 64 KiB above 16 MiB
        int sum = 0x06 + 0x80 + 0x02 + 0x00 + 0x7C;
        Assert.Equal((sum >> 8, sum & 0xFF), (Read(0x2E), (int)Read(0x2F)));
    }

    [Fact]
    public void Extended_memory_word_saturates_above_64_mib()
    {
        _rtc.SetMemorySize(512 << 20);
        Assert.Equal((0xFF, 0xFF), (Read(0x17), Read(0x18)));
        Assert.Equal(((512 - 16) * 16) & 0xFF, Read(0x34));
        Assert.Equal(((512 - 16) * 16) >> 8, Read(0x35));
    }

    [Fact]
    public void Presetting_a_clock_register_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _rtc.SetByte(0x0B, 0));
        Assert.Contains("0x0E-0x7F", e.Message);
    }
}
