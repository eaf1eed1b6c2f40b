using System.Diagnostics;

namespace CamkesVm.Machine.Time;

/// <summary>
/// The machine's time base in nanoseconds since power-on, and the device timers that fire on it.
/// In <see cref="TimeMode.Virtual"/> time is derived from the CPU's retired-instruction count at a nominal
/// rate, plus the time skipped while the CPU was halted, so it is fully deterministic. In
/// <see cref="TimeMode.WallClock"/> it is the host's monotonic clock. Used on the machine thread only.
/// </summary>
public sealed class MachineClock
{
    private readonly Func<long> _instructions;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly List<DeviceTimer> _timers = [];
    private long _skippedNs;

    /// <summary>Creates a clock. <paramref name="instructionCount"/> reads the CPU's retired instructions.</summary>
    public MachineClock(TimeMode mode, Func<long> instructionCount, long instructionsPerSecond = 1_000_000_000)
    {
        if (instructionsPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(instructionsPerSecond));
        Mode = mode;
        _instructions = instructionCount;
        InstructionsPerSecond = instructionsPerSecond;
    }

    /// <summary>Virtual or wall-clock time.</summary>
    public TimeMode Mode { get; }

    /// <summary>Nominal guest instructions per second of virtual time.</summary>
    public long InstructionsPerSecond { get; }

    /// <summary>Nanoseconds since power-on, as the guest's devices see it.</summary>
    public long NowNs => Mode == TimeMode.Virtual
        ? (long)((Int128)_instructions() * 1_000_000_000 / InstructionsPerSecond) + _skippedNs
        : (long)(_wall.ElapsedTicks * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>Host nanoseconds since the clock was created (to pace an idle virtual-time guest).</summary>
    public long HostNowNs => (long)(_wall.ElapsedTicks * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>Creates a timer; <paramref name="expired"/> runs on the machine thread with the deadline that passed.</summary>
    public DeviceTimer CreateTimer(string name, Action<long> expired)
    {
        var t = new DeviceTimer(name, expired);
        _timers.Add(t);
        return t;
    }

    /// <summary>The earliest armed deadline, or <see cref="long.MaxValue"/> when no timer is armed.</summary>
    public long NextDeadlineNs
    {
        get
        {
            long next = long.MaxValue;
            foreach (var t in _timers)
                if (t.IsArmed && t.DeadlineNs < next) next = t.DeadlineNs;
            return next;
        }
    }

    /// <summary>Fires every timer whose deadline has passed (a callback may re-arm its timer).</summary>
    public void RunExpired()
    {
        long now = NowNs;
        for (bool fired = true; fired;)
        {
            fired = false;
            foreach (var t in _timers)
            {
                if (!t.IsArmed || t.DeadlineNs > now) continue;
                long deadline = t.DeadlineNs;
                t.Disarm();
                t.Expired(deadline);
                fired = true;
            }
        }
    }

    /// <summary>
    /// Virtual mode: moves guest time forward to <paramref name="targetNs"/> while the CPU is halted (an idle
    /// guest skips ahead to its next timer). No effect in wall-clock mode, where time passes by itself.
    /// </summary>
    public void SkipTo(long targetNs)
    {
        if (Mode != TimeMode.Virtual) return;
        long now = NowNs;
        if (targetNs > now) _skippedNs += targetNs - now;
    }
}

/// <summary>A one-shot timer of a device on the <see cref="MachineClock"/>; periodic devices re-arm it in the callback.</summary>
public sealed class DeviceTimer
{
    internal DeviceTimer(string name, Action<long> expired)
    {
        Name = name;
        Expired = expired;
    }

    /// <summary>For traces.</summary>
    public string Name { get; }

    internal Action<long> Expired { get; }

    /// <summary>True while a deadline is set.</summary>
    public bool IsArmed { get; private set; }

    /// <summary>The deadline in clock nanoseconds (meaningful while armed).</summary>
    public long DeadlineNs { get; private set; }

    /// <summary>Sets (or moves) the deadline.</summary>
    public void Arm(long deadlineNs)
    {
        DeadlineNs = deadlineNs;
        IsArmed = true;
    }

    /// <summary>Cancels the deadline.</summary>
    public void Disarm() => IsArmed = false;
}
