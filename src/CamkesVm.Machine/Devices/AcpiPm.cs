using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Interrupts;
using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The ACPI fixed-hardware power management block (ACPI 6.x §4.8.3 "PM1 Event Grouping", "PM1 Control
/// Grouping", §4.8.3.3 "Power Management Timer") at ports 0x600-0x60B, as the FADT of
/// <see cref="Acpi.AcpiTables"/> describes it:
/// 0x600 PM1a_STS (write 1 to clear), 0x602 PM1a_EN, 0x604 PM1a_CNT, 0x608 PM_TMR.
/// SCI_EN reads 1 (there is no SMI_CMD: the platform is always in ACPI mode); writing SLP_TYP = 5 (the
/// \_S5 value of our DSDT) with SLP_EN requests power-off. PM_TMR is a 24-bit counter at 3.579545 MHz
/// derived from the <see cref="MachineClock"/> (FADT TMR_VAL_EXT = 0); TMR_STS sets when its bit 23 toggles
/// and raises the SCI (level, ISA IRQ 9) while TMR_EN is set.
/// </summary>
public sealed partial class AcpiPm : IBusDevice
{
    /// <summary>The first port of the block (PM1a_EVT_BLK).</summary>
    public const ushort BasePort = 0x600;

    /// <summary>Ports the block occupies: PM1 event (4), PM1 control (2), a gap (2), PM timer (4).</summary>
    public const int PortCount = 12;

    /// <summary>PM1a_EVT_BLK, PM1a_CNT_BLK and PM_TMR_BLK, and their lengths in bytes.</summary>
    public const ushort EventBlock = 0x600, ControlBlock = 0x604, TimerBlock = 0x608;

    /// <summary>Block lengths in bytes, as the FADT declares them.</summary>
    public const byte EventBlockLength = 4, ControlBlockLength = 2, TimerBlockLength = 4;

    /// <summary>The PM timer's frequency (ACPI 6.x §4.8.3.3).</summary>
    public const long TimerFrequencyHz = 3_579_545;

    /// <summary>False: the timer is 24 bits wide (FADT flag TMR_VAL_EXT clear).</summary>
    public const bool TimerIs32Bit = false;

    /// <summary>The ISA IRQ of the SCI (FADT SCI_INT).</summary>
    public const byte SciIrq = 9;

    /// <summary>The SLP_TYP value that means soft-off, the first element of the DSDT's \_S5 package.</summary>
    public const int SoftOffSleepType = 5;

    private readonly MachineClock _clock;
    private readonly IInterruptLine _sci;
    private readonly Action _powerOff;
    private readonly DeviceTimer _timerToggle;
    private ushort _status, _enable, _control;
    private long _timerEpochAtClear; // value of timer bit 23 and above when TMR_STS was last cleared
    private bool _sciLevel;

    /// <summary>Creates the block; <paramref name="powerOff"/> runs when the guest enters S5.</summary>
    public AcpiPm(MachineClock clock, IInterruptLine sci, Action powerOff)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _sci = sci ?? throw new ArgumentNullException(nameof(sci));
        _powerOff = powerOff ?? throw new ArgumentNullException(nameof(powerOff));
        _timerToggle = clock.CreateTimer("ACPI PM timer bit 23", _ => UpdateSci());
    }

    /// <summary>Timer ticks since power-on (unbounded; the register shows the low 24 bits).</summary>
    public long TimerTicks => (long)((Int128)_clock.NowNs * TimerFrequencyHz / 1_000_000_000);

    /// <summary>The PM_TMR register value.</summary>
    public uint TimerValue => (uint)TimerTicks & 0x00FF_FFFF;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        uint timer = TimerValue;
        uint value = 0;
        for (int i = 0; i < size; i++)
        {
            uint o = offset + (uint)i;
            uint b = o switch
            {
                < 6 => (uint)(RegisterValue((int)o & ~1) >> (8 * (int)(o & 1))) & 0xFF,
                >= 8 and < 12 => (timer >> (8 * (int)(o - 8))) & 0xFF,
                _ => 0,
            };
            value |= b << (8 * i);
        }
        return value;
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        // Merge the bytes of the access per 16-bit register, then apply each register write once.
        for (int reg = 0; reg < 6; reg += 2)
        {
            ushort bits = 0, mask = 0;
            for (int i = 0; i < size; i++)
            {
                uint o = offset + (uint)i;
                if ((o & ~1u) != reg) continue;
                bits |= (ushort)(((value >> (8 * i)) & 0xFF) << (8 * (int)(o & 1)));
                mask |= (ushort)(0xFF << (8 * (int)(o & 1)));
            }
            if (mask != 0) WriteRegister(reg, bits, mask);
        }
        UpdateSci();
    }
}
