using System.Diagnostics;

namespace CamkesVm.Machine.Threading;

/// <summary>
/// Spin-then-block for a waiter whose signal usually comes from another running thread within microseconds (a
/// native component answering its guest, a guest answering its component): waking a blocked thread costs the
/// signaller a futex call and the waiter a trip through the scheduler, tens of microseconds on a virtual machine,
/// far more than the wait itself. The waiter first spins for at most <see cref="SpinTime"/>, yielding its core
/// now and then so that on a loaded machine the signalling thread still runs. The window is wide on purpose: when
/// one side of a request/reply pair has blocked, waking it delays the other side's signal by a futex wake, and a
/// narrow window would then miss too, so both would fall back to blocking for good (measured with 50 µs: cross-VM
/// round trips fell to 9,000/s in some runs). The policy adapts to the recent hit rate: while fewer than one
/// recent spin in eight sees the signal in time (signals are seldom, e.g. user input or an idle guest's timer),
/// it blocks at once and spins again only every <see cref="RetryEvery"/>th wait to see whether signals became
/// prompt. One instance per waiting end, used by its waiting thread (concurrent waiters would only skew the
/// statistics: the counters are plain fields).
/// </summary>
public sealed class SpinBeforeBlock
{
    /// <summary>The longest spin before blocking.</summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMicroseconds(200);

    /// <summary>While spinning is off, one wait in this many spins to measure the hit rate again.</summary>
    public const int RetryEvery = 64;

    private const int Certain = 256, Shift = 3;              // hit rate in 1/256, averaged over about 2^Shift spins
    private static readonly long SpinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
    private int _hitRate = Certain, _skipped;

    /// <summary>Spins that saw the signal.</summary>
    public long Hits { get; private set; }

    /// <summary>Spins that timed out.</summary>
    public long Misses { get; private set; }

    /// <summary>Waits that did not spin.</summary>
    public long Skipped { get; private set; }

    /// <summary>
    /// Spins until <paramref name="ready"/> is true or the spin time ends, unless the policy says not to spin;
    /// returns <paramref name="ready"/>'s last answer. The caller blocks when it is false.
    /// </summary>
    public bool Spin(Func<bool> ready)
    {
        if (!ShouldSpin())
        {
            Skipped++;
            return ready();
        }
        long until = Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = new SpinWait();
        while (!ready())
        {
            if (Stopwatch.GetTimestamp() > until)
            {
                Misses++;
                _hitRate -= _hitRate >> Shift;
                return false;
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        Hits++;
        _hitRate += (Certain - _hitRate) >> Shift;
        return true;
    }

    /// <summary>For traces.</summary>
    public override string ToString() => $"{Hits} spins saw the signal, {Misses} timed out, {Skipped} waits did not spin";

    private bool ShouldSpin()
    {
        if (Environment.ProcessorCount < 2) return false;     // the signaller needs this core
        if (_hitRate >= Certain / 8) return true;
        if (++_skipped < RetryEvery) return false;
        _skipped = 0;
        return true;
    }
}
