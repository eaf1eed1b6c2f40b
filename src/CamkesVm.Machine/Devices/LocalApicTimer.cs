using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The APIC timer (Intel SDM Vol. 3A §11.5.4): counts down from the initial count at the bus clock
/// <see cref="BusHz"/> divided by the divide configuration, one-shot or periodic, and raises the LVT timer
/// vector when the count reaches zero. The count is computed from the <see cref="MachineClock"/>.
/// </summary>
public sealed partial class LocalApic
{
    /// <summary>The timer's input clock before the divider: 1 GHz (as QEMU's APIC model), i.e. 1 ns per bus tick.</summary>
    public const long BusHz = 1_000_000_000;

    private readonly MachineClock _clock;
    private readonly DeviceTimer _timer;
    private uint _initialCount, _divideConfig;
    private long _timerStartNs;
    private bool _timerRunning;

    /// <summary>The divide value of the divide configuration register (bits 3, 1, 0): 1, 2, 4 ... 128.</summary>
    public int TimerDivide
    {
        get
        {
            uint code = (_divideConfig & 3) | (_divideConfig >> 1 & 4);
            return code == 7 ? 1 : 2 << (int)code;
        }
    }

    private bool Periodic => (_lvt[LvtTimer] & (1u << 17)) != 0;

    private long TickNs => TimerDivide * (1_000_000_000 / BusHz);

    private void WriteInitialCount(uint value)
    {
        _initialCount = value;
        _timerStartNs = _clock.NowNs;
        _timerRunning = value != 0;
        ArmTimer();
    }

    private void WriteDivideConfig(uint value)
    {
        uint current = CurrentCount();
        _divideConfig = value & 0xB;
        if (!_timerRunning) return;
        _timerStartNs = _clock.NowNs - (_initialCount - current) * TickNs; // keep counting from where it is
        ArmTimer();
    }

    private uint CurrentCount()
    {
        if (!_timerRunning) return 0;
        long elapsed = (_clock.NowNs - _timerStartNs) / TickNs;
        if (Periodic) return (uint)(_initialCount - elapsed % _initialCount);
        return elapsed >= _initialCount ? 0 : (uint)(_initialCount - elapsed);
    }

    private void ArmTimer()
    {
        if (_timerRunning) _timer.Arm(_timerStartNs + _initialCount * TickNs);
        else _timer.Disarm();
    }

    private void OnTimer(long deadlineNs)
    {
        uint lvt = _lvt[LvtTimer];
        if ((lvt & Masked) == 0) AcceptInterrupt((byte)lvt, false);
        if (Periodic)
        {
            // Periods that passed while the timer ran late collapse into the one IRR bit, as on hardware.
            long period = _initialCount * TickNs, behind = _clock.NowNs - deadlineNs;
            _timerStartNs = deadlineNs + (behind > 0 ? behind / period * period : 0);
            ArmTimer();
        }
        else _timerRunning = false;
    }
}
