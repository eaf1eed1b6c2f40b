namespace CamkesVm.Machine.Devices;

/// <summary>
/// The time and calendar counters of the MC146818A (Motorola MC146818A datasheet, "Time, Calendar and
/// Alarm Locations", Table 3): held in binary and encoded on access per register B's data mode (BCD or
/// binary) and 12/24-hour format. The one-second update increments them like the chip does, carrying
/// seconds to minutes, hours, day of week (1-7, Sunday = 1), day of month (with leap years), month and year.
/// </summary>
internal sealed class Cmos146818Calendar
{
    public int Second, Minute, Hour, DayOfWeek, Day, Month, Year;

    public Cmos146818Calendar(DateTime start)
    {
        Second = start.Second;
        Minute = start.Minute;
        Hour = start.Hour;
        DayOfWeek = (int)start.DayOfWeek + 1;
        Day = start.Day;
        Month = start.Month;
        Year = start.Year;
    }

    /// <summary>The calendar as a DateTime (out-of-range fields, which a guest may write, are clamped).</summary>
    public DateTime ToDateTime()
    {
        int year = Math.Clamp(Year, 1, 9999), month = Math.Clamp(Month, 1, 12);
        int day = Math.Clamp(Day, 1, DateTime.DaysInMonth(year, month));
        return new DateTime(year, month, day, Math.Clamp(Hour, 0, 23), Math.Clamp(Minute, 0, 59), Math.Clamp(Second, 0, 59));
    }

    /// <summary>The update cycle: advances the time by one second.</summary>
    public void Tick()
    {
        if (++Second < 60) return;
        Second = 0;
        if (++Minute < 60) return;
        Minute = 0;
        if (++Hour < 24) return;
        Hour = 0;
        DayOfWeek = DayOfWeek >= 7 ? 1 : DayOfWeek + 1;
        if (++Day <= DaysInMonth()) return;
        Day = 1;
        if (++Month <= 12) return;
        Month = 1;
        Year++;
    }

    private int DaysInMonth() => Month is >= 1 and <= 12 ? DateTime.DaysInMonth(Math.Clamp(Year, 1, 9999), Month) : 31;

    /// <summary>Reads time register <paramref name="index"/> (0, 2, 4, 6-9 or the century byte 0x32).</summary>
    public byte Read(int index, bool binary, bool hours24) => index switch
    {
        Cmos146818.Seconds => Encode(Second, binary),
        Cmos146818.Minutes => Encode(Minute, binary),
        Cmos146818.Hours => EncodeHour(binary, hours24),
        Cmos146818.DayOfWeekRegister => Encode(DayOfWeek, binary),
        Cmos146818.DayOfMonth => Encode(Day, binary),
        Cmos146818.MonthRegister => Encode(Month, binary),
        Cmos146818.YearRegister => Encode(Year % 100, binary),
        _ => Encode(Year / 100, binary),
    };

    /// <summary>Writes time register <paramref name="index"/> with a value in the current data mode.</summary>
    public void Write(int index, byte value, bool binary, bool hours24)
    {
        int v = Decode(value, binary);
        switch (index)
        {
            case Cmos146818.Seconds: Second = v; break;
            case Cmos146818.Minutes: Minute = v; break;
            case Cmos146818.Hours: Hour = DecodeHour(value, binary, hours24); break;
            case Cmos146818.DayOfWeekRegister: DayOfWeek = v; break;
            case Cmos146818.DayOfMonth: Day = v; break;
            case Cmos146818.MonthRegister: Month = v; break;
            case Cmos146818.YearRegister: Year = Year / 100 * 100 + v; break;
            default: Year = v * 100 + Year % 100; break;
        }
    }

    private byte EncodeHour(bool binary, bool hours24)
    {
        if (hours24) return Encode(Hour, binary);
        int h12 = Hour % 12 == 0 ? 12 : Hour % 12;
        return (byte)(Encode(h12, binary) | (Hour >= 12 ? 0x80 : 0));
    }

    private static int DecodeHour(byte value, bool binary, bool hours24)
    {
        if (hours24) return Decode(value, binary);
        int h12 = Decode((byte)(value & 0x7F), binary);
        return h12 % 12 + ((value & 0x80) != 0 ? 12 : 0);
    }

    public static byte Encode(int value, bool binary) =>
        binary ? (byte)value : (byte)((value / 10 % 10) << 4 | value % 10);

    public static int Decode(byte value, bool binary) => binary ? value : (value >> 4) * 10 + (value & 0xF);
}
