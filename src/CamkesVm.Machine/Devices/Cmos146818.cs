using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Interrupts;
using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The PC real-time clock and CMOS RAM: a Motorola MC146818A (MC146818A datasheet) behind the index port
/// 0x70 (bit 7 = NMI disable) and data port 0x71, with 128 bytes (14 clock registers and 114 of RAM).
/// Time starts at the DateTime given and advances with the <see cref="MachineClock"/>; the update cycle
/// happens once per second, UIP (register A bit 7) is set for the 244 µs before each update. Periodic,
/// alarm and update-ended interrupts set register C and assert IRQ8 until register C is read.
/// Divider: any DV other than 11x (reset) counts at the nominal 32.768 kHz; daylight saving (DSE) and
/// the SQW pin have no effect. Changing register B's data mode re-presents the held time in the new mode.
/// </summary>
public sealed partial class Cmos146818 : IBusDevice
{
    /// <summary>Register indices of the clock.</summary>
    public const int Seconds = 0x00, SecondsAlarm = 0x01, Minutes = 0x02, MinutesAlarm = 0x03, Hours = 0x04,
        HoursAlarm = 0x05, DayOfWeekRegister = 0x06, DayOfMonth = 0x07, MonthRegister = 0x08, YearRegister = 0x09,
        RegisterA = 0x0A, RegisterB = 0x0B, RegisterC = 0x0C, RegisterD = 0x0D, Century = 0x32;

    /// <summary>How long UIP is set before each update: 244 µs (8 periods of 32.768 kHz).</summary>
    public const long UpdateInProgressNs = 244_141;

    private const byte Uip = 0x80, SetBit = 0x80, Pie = 0x40, Aie = 0x20, Uie = 0x10, BinaryMode = 0x04, Mode24 = 0x02;
    private const byte Irqf = 0x80, Pf = 0x40, Af = 0x20, Uf = 0x10;
    private const long SecondNs = 1_000_000_000;

    private readonly MachineClock _clock;
    private readonly IInterruptLine _irq;
    private readonly byte[] _ram = new byte[128];
    private readonly Cmos146818Calendar _calendar;
    private readonly DeviceTimer _updateTimer, _periodicTimer;
    private byte _index, _a = 0x26, _b = Mode24, _flags;
    private long _phaseNs;          // updates happen at _phaseNs + k seconds, k >= 1
    private long _updatesDone;
    private long _periodicIndex;
    private bool _irqLevel;

    /// <summary>Creates the clock showing <paramref name="start"/> at guest time 0; <paramref name="irq8"/> is IRQ8.</summary>
    public Cmos146818(MachineClock clock, DateTime start, IInterruptLine irq8)
    {
        _clock = clock;
        _irq = irq8;
        _calendar = new Cmos146818Calendar(start);
        _phaseNs = clock.NowNs;
        _updateTimer = clock.CreateTimer("RTC update", _ => OnTimer());
        _periodicTimer = clock.CreateTimer("RTC periodic", _ => OnTimer());
        Rearm();
    }

    /// <summary>Bit 7 of the last index written: NMI disabled (the machine may consult it).</summary>
    public bool NmiDisabled { get; private set; }

    /// <summary>The clock's current time (binary, whatever register B says).</summary>
    public DateTime Now
    {
        get
        {
            Sync();
            return _calendar.ToDateTime();
        }
    }

    private bool DividerRunning => (_a & 0x60) != 0x60;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (offset != 1 || size != 1) return BusValues.Open(size); // the index port is write-only
        return ReadRegister(_index);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (size != 1 || offset > 1) return;
        if (offset == 0)
        {
            _index = (byte)(value & 0x7F);
            NmiDisabled = (value & 0x80) != 0;
        }
        else WriteRegister(_index, (byte)value);
    }

    private byte ReadRegister(int index)
    {
        Sync();
        switch (index)
        {
            case RegisterA: return (byte)(_a | (UpdateInProgress() ? Uip : 0));
            case RegisterB: return _b;
            case RegisterC: return ReadAndClearFlags();
            case RegisterD: return 0x80; // VRT: the battery is good
            case SecondsAlarm or MinutesAlarm or HoursAlarm: return _ram[index];
            case < RegisterA or Century: return _calendar.Read(index, Binary, Hours24);
            default: return _ram[index];
        }
    }

    private void WriteRegister(int index, byte value)
    {
        Sync();
        switch (index)
        {
            case RegisterA: WriteA(value); break;
            case RegisterB: WriteB(value); break;
            case RegisterC or RegisterD: break; // read-only
            case SecondsAlarm or MinutesAlarm or HoursAlarm: _ram[index] = value; break;
            case < RegisterA or Century: _calendar.Write(index, value, Binary, Hours24); break;
            default: _ram[index] = value; break;
        }
    }

    private bool Binary => (_b & BinaryMode) != 0;

    private bool Hours24 => (_b & Mode24) != 0;

    private void WriteA(byte value)
    {
        bool wasRunning = DividerRunning;
        _a = (byte)(value & 0x7F);
        if (!wasRunning && DividerRunning)
        {
            _phaseNs = _clock.NowNs - SecondNs / 2; // the first update comes half a second after reset ends
            _updatesDone = 0;
        }
        _periodicIndex = PeriodicIndex(_clock.NowNs);
        Rearm();
    }

    private void WriteB(byte value)
    {
        if ((value & SetBit) != 0) value = (byte)(value & ~Uie); // SET clears UIE
        _b = value;
        UpdateIrq();
        Rearm();
    }

    private byte ReadAndClearFlags()
    {
        byte c = (byte)(_flags | (IrqFlag ? Irqf : 0));
        _flags = 0;
        UpdateIrq();
        return c;
    }

    private bool IrqFlag => (_flags & _b & (Pf | Af | Uf)) != 0; // PF/AF/UF line up with PIE/AIE/UIE

    private void UpdateIrq()
    {
        bool level = IrqFlag;
        if (level == _irqLevel) return;
        _irqLevel = level;
        _irq.Set(level);
    }
}
