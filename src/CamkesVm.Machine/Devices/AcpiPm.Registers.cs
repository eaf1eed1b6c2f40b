namespace CamkesVm.Machine.Devices;

/// <summary>The PM1 registers' bits (ACPI 6.x Tables 4.13-4.16) and the SCI logic of <see cref="AcpiPm"/>.</summary>
public sealed partial class AcpiPm
{
    private const ushort TmrBit = 0x0001;
    private const ushort StatusWriteOneToClear = 0xC731; // TMR, BM, GBL, PWRBTN, SLPBTN, RTC, PCIEXP_WAKE, WAK
    private const ushort EnableWritable = 0x4721;        // TMR_EN, GBL_EN, PWRBTN_EN, SLPBTN_EN, RTC_EN, PCIEXP_WAKE_DIS
    private const ushort SciSources = 0x0721;            // the enables that raise the SCI (PCIEXP_WAKE_DIS does not)
    private const ushort SciEnable = 0x0001, ControlStored = 0x1C02; // BM_RLD and SLP_TYP are kept
    private const ushort SleepEnable = 0x2000;
    private const int SleepTypeShift = 10;

    /// <summary>The sleep type the guest last wrote to PM1a_CNT.SLP_TYP.</summary>
    public int SleepType => (_control >> SleepTypeShift) & 7;

    private long TimerEpoch => TimerTicks >> 23;

    private bool TimerStatus => TimerEpoch != _timerEpochAtClear;

    private ushort RegisterValue(int reg) => reg switch
    {
        0 => (ushort)(_status | (TimerStatus ? TmrBit : 0)),
        2 => _enable,
        4 => (ushort)(_control | SciEnable),
        _ => 0,
    };

    private void WriteRegister(int reg, ushort bits, ushort mask)
    {
        switch (reg)
        {
            case 0:
                ushort clear = (ushort)(bits & mask & StatusWriteOneToClear);
                _status &= (ushort)~clear;
                if ((clear & TmrBit) != 0) _timerEpochAtClear = TimerEpoch;
                break;
            case 2:
                _enable = (ushort)((_enable & ~(mask & EnableWritable)) | (bits & mask & EnableWritable));
                break;
            case 4:
                _control = (ushort)((_control & ~(mask & ControlStored)) | (bits & mask & ControlStored));
                if ((bits & mask & SleepEnable) != 0 && SleepType == SoftOffSleepType) _powerOff();
                break;
        }
    }

    private void UpdateSci()
    {
        bool level = (RegisterValue(0) & _enable & SciSources) != 0;
        if ((_enable & TmrBit) != 0 && !TimerStatus) ArmTimerToggle();
        else _timerToggle.Disarm();
        if (level == _sciLevel) return;
        _sciLevel = level;
        _sci.Set(level);
    }

    /// <summary>Arms the clock timer for the next change of timer bit 23 (every 2^23 ticks, about 2.34 s).</summary>
    private void ArmTimerToggle()
    {
        Int128 nextTick = (Int128)(TimerEpoch + 1) << 23;
        long ns = (long)((nextTick * 1_000_000_000 + TimerFrequencyHz - 1) / TimerFrequencyHz);
        _timerToggle.Arm(ns);
    }
}
