using CamkesVm.X86.Cpu;

namespace CamkesVm.Machine;

/// <summary>
/// The machine loop (DESIGN.md, "CPU loop" and "Time"): run the CPU in slices that end at the next device
/// deadline, fire expired timers, serve hypercalls, and idle the host thread while the guest is halted.
/// </summary>
public sealed partial class PcMachine
{
    /// <summary>Longest slice in instructions, so that host input and stop requests are seen promptly.</summary>
    private const long MaxSlice = 2_000_000;

    /// <summary>Slices shorter than this are not worth a CPU exit; deadlines within it are served late by at most this.</summary>
    private const long MinSlice = 64;

    /// <summary>Runs the guest until it powers off, exits, shuts down, halts for good or is stopped.</summary>
    public MachineExit Run()
    {
        while (true)
        {
            if (TakePendingExit() is { } exit) return exit;
            Clock.RunExpired();
            RunPosted();
            ServiceDevices();
            long slice = SliceLength();
            var reason = RunSlice(slice);
            FlushOutput();
            switch (reason)
            {
                case ExitReason.Hypercall:
                    Hypercalls.Dispatch(Cpu);
                    break;
                case ExitReason.Shutdown:
                    RequestExit(new MachineExit(MachineExitKind.Shutdown, 3, $"guest shut down the processor: {Cpu.ShutdownReason}"));
                    break;
                case ExitReason.Halted:
                    Idle();
                    break;
            }
            if (_options.InstructionLimit > 0 && Cpu.InstructionCount >= _options.InstructionLimit)
                RequestExit(new MachineExit(MachineExitKind.Stopped, 124, $"stopped after {Cpu.InstructionCount} instructions (instruction limit)"));
        }
    }

    /// <summary>Asks a running machine to stop (thread-safe); <see cref="Run"/> returns <paramref name="exit"/>.</summary>
    public void RequestExit(MachineExit exit)
    {
        lock (_exitLock) _pendingExit ??= exit;
        Cpu.RequestExit();
        _wake.Set();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the machine thread before the next slice (thread-safe): how host threads
    /// (the component runtime) raise guest interrupts or touch guest memory without racing the CPU.
    /// </summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        Cpu.RequestExit();
        _wake.Set();
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action)) action();
    }

    /// <summary>Stops the machine from the host (thread-safe), e.g. on Ctrl-A x.</summary>
    public void Stop(string why) => RequestExit(new MachineExit(MachineExitKind.Stopped, 0, why));

    private MachineExit? TakePendingExit()
    {
        lock (_exitLock) return _pendingExit;
    }

    /// <summary>Instructions until the next device deadline, within [MinSlice, MaxSlice], and never past the instruction limit.</summary>
    private long SliceLength()
    {
        long next = Clock.NextDeadlineNs;
        long now = Clock.NowNs;
        long slice = next == long.MaxValue || next - now >= NsFor(MaxSlice) ? MaxSlice : Math.Max(InstructionsFor(next - now), MinSlice);
        if (_options.InstructionLimit > 0) slice = Math.Clamp(_options.InstructionLimit - Cpu.InstructionCount, 1, slice);
        return slice;
    }

    /// <summary>
    /// The CPU executed HLT. With interrupts disabled and nothing able to wake it (no NMI source), the guest has
    /// stopped for good. Otherwise wait for the next deadline or host input.
    /// </summary>
    private void Idle()
    {
        if (!Cpu.InterruptsEnabled)
        {
            RequestExit(new MachineExit(MachineExitKind.Halted, 0,
                $"guest halted with interrupts disabled at {Cpu.GetSegment(SegReg.CS).Selector:x4}:{Cpu.Eip:x8}: nothing can wake it"));
            return;
        }
        if (Clock.Mode == Time.TimeMode.Virtual) IdleVirtual(Clock.NextDeadlineNs);
        else IdleWallClock(Clock.NextDeadlineNs);
        _wake.Reset();
    }

    /// <summary>
    /// Virtual time: sleep until the host clock reaches the deadline (so an idle guest keeps pace with the host),
    /// then jump guest time to the deadline, which keeps a guest without host input deterministic. Host work
    /// (a cross-VM event, console input) that wakes the guest earlier advances guest time only by the host time
    /// that really passed: a guest waiting microseconds for a native component's reply does not skip to its next
    /// timer, which would fire that timer on every round trip and run guest time ahead of the host.
    /// </summary>
    private void IdleVirtual(long deadline)
    {
        long hostStart = Clock.HostNowNs;
        long waitNs = deadline == long.MaxValue ? MaxIdleWaitMs * 1_000_000L : deadline - hostStart;
        int waitMs = (int)Math.Clamp(waitNs / 1_000_000, 0, MaxIdleWaitMs);
        bool woken = _idleSpin.Spin(_isWoken) || (waitMs > 0 && _wake.Wait(waitMs));
        long passed = Clock.NowNs + (Clock.HostNowNs - hostStart);   // guest time plus the host time the wait took
        Clock.SkipTo(woken || deadline == long.MaxValue ? Math.Min(deadline, passed) : deadline);
    }

    private void IdleWallClock(long deadline)
    {
        long waitNs = deadline == long.MaxValue ? MaxIdleWaitMs * 1_000_000L : deadline - Clock.NowNs;
        // Rounded up: one wait per deadline (the wait has millisecond granularity), at most 1 ms late.
        if (waitNs > 0 && !_idleSpin.Spin(_isWoken)) _wake.Wait((int)Math.Clamp((waitNs + 999_999) / 1_000_000, 1, MaxIdleWaitMs));
    }

    /// <summary>
    /// The longest idle wait. Every host event that needs the machine (input, posted work, a frame, a stop) sets
    /// the wake event, so this only bounds how long a halted guest with no timer armed sleeps between checks.
    /// </summary>
    private const int MaxIdleWaitMs = 1000;

    private long NsFor(long instructions) => (long)((Int128)instructions * 1_000_000_000 / Clock.InstructionsPerSecond);

    private long InstructionsFor(long ns) => (long)((Int128)ns * Clock.InstructionsPerSecond / 1_000_000_000);
}
