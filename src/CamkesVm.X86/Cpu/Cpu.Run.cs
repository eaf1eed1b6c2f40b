using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// The execution loop. The hot path decodes and executes instructions until the budget runs out; everything
/// unusual — pending interrupts, the interrupt shadow, single-step, instruction breakpoints, exits —
/// raises an attention flag that is tested once per instruction.
/// </summary>
public sealed unsafe partial class Cpu
{
    private volatile bool _attention;
    private volatile bool _exitRequested;
    private ExitReason? _stopReason;
    private bool _interruptShadow;
    private uint _insnStart;
    private long _limit;              // InstructionCount at which the current Run ends

    /// <summary>
    /// Runs until <paramref name="maxInstructions"/> have retired or an exit occurs (HLT, hypercall, shutdown,
    /// <see cref="RequestExit"/>). A halted CPU wakes when an interrupt can be taken; otherwise it returns
    /// <see cref="ExitReason.Halted"/> at once.
    /// </summary>
    public ExitReason Run(long maxInstructions)
    {
        if (ShutdownReason != null) return ExitReason.Shutdown;
        _limit = maxInstructions > long.MaxValue - InstructionCount ? long.MaxValue : InstructionCount + maxInstructions;
        _attention = true;
        while (true)
        {
            try
            {
                return RunLoop();
            }
            catch (CpuFault)
            {
                SyncBlockState();                  // a fault inside a block: its instruction's EIP and count
                _cur = null;
                if (!_pendingIsTrap)
                {
                    _eip = _insnStart;
                    _dataTrapHits = 0;             // a faulting instruction did not complete: no data breakpoint trap
                }
                DeliverPendingFault();
                if (ShutdownReason != null) return ExitReason.Shutdown;
            }
        }
    }

    /// <summary>Executes exactly one instruction (or delivers one pending event) and returns.</summary>
    public ExitReason Step()
    {
        var r = Run(1);
        return r == ExitReason.BudgetExhausted ? ExitReason.Stepped : r;
    }

    /// <summary>Asks a running CPU to return from <see cref="Run"/> soon (thread-safe).</summary>
    public void RequestExit()
    {
        _exitRequested = true;
        _attention = true;
    }

    /// <summary>Tells the CPU that its interrupt controller may have a pending interrupt (thread-safe).</summary>
    public void NotifyInterrupt() => _attention = true;

    private void Attention() => _attention = true;

    private void StopWith(ExitReason reason)
    {
        _stopReason = reason;
        _attention = true;
    }

    private void InhibitInterrupts()
    {
        _interruptShadow = true;
        _attention = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ExitReason RunLoop()
    {
        Insn scratch = default;
        long count = InstructionCount, limit = _limit;    // in registers; inside a block the field is derived (Cpu.FastHandlers.cs)
        while (count < limit)
        {
            InstructionCount = count;
            if (_attention)
            {
                var exit = HandleAttention(ref scratch);
                count = InstructionCount;
                if (exit != null) return exit.Value;
                continue;
            }
            uint eip = _eip;
            _insnStart = eip;
            Block* b = FindBlock(eip);
            if (b != null)
            {
                count = RunBlock(b, count);
                continue;
            }
            Decode(ref scratch, eip);
            _eip = eip + scratch.Len;
            Execute(ref scratch);
            count++;
        }
        InstructionCount = count;
        return ExitReason.BudgetExhausted;
    }

    /// <summary>
    /// The slow path between instructions. Returns an exit, or null to go on; it may itself execute one
    /// instruction (under the interrupt shadow, single-step or breakpoints) so the hot loop stays simple.
    /// </summary>
    private ExitReason? HandleAttention(ref Insn d)
    {
        // A fence after clearing the flag: x86 lets the loads below pass the store, so an exit request or interrupt
        // notice from another thread in between could be lost (its attention overwritten, its flag read before it
        // was set) until the next unrelated attention, as late as the end of the slice.
        _attention = false;
        Interlocked.MemoryBarrier();
        if (_stopReason is { } stop)
        {
            _stopReason = null;
            return stop;
        }
        if (_exitRequested)
        {
            _exitRequested = false;
            return ExitReason.ExitRequested;
        }
        if (_interruptShadow)
        {
            _interruptShadow = false;
            _attention = true;            // look again after the shadowed instruction
            ExecuteSlow(ref d);
            return null;
        }
        if (_dataTrapHits != 0) RaiseDebugTrap(0);
        if (TryDeliverExternalInterrupt()) return null;
        if (_halted) return ExitReason.Halted;
        if (NeedsSlowStep())
        {
            _attention = true;
            ExecuteSlow(ref d);
        }
        else _flags &= ~Flags.RF;            // the next instruction starts: RF has done its job
        return null;
    }

    private bool TryDeliverExternalInterrupt()
    {
        var pic = InterruptController;
        if (pic == null || (_flags & Flags.IF) == 0 || !pic.HasPendingInterrupt) return false;
        _halted = false;
        byte vector = pic.AcknowledgeInterrupt();
        _insnStart = _eip;
        DeliverInterrupt(vector, InterruptSource.External, hasError: false, 0);
        _attention = true;               // another may be pending
        return true;
    }

    /// <summary>One instruction with the checks the hot loop skips: breakpoints, single-step trap, RF.</summary>
    private void ExecuteSlow(ref Insn d)
    {
        if (InstructionCount >= _limit) return;
        _insnStart = _eip;
        CheckInstructionBreakpoint();
        _flags &= ~Flags.RF;                 // SDM 17.3.1.1: cleared at the start of the instruction, after that check
        bool trap = (_flags & Flags.TF) != 0;
        Decode(ref d, _eip);
        _eip += d.Len;
        Execute(ref d);
        InstructionCount++;
        if (trap || _dataTrapHits != 0) RaiseDebugTrap(trap ? Dr6Bs : 0);
    }

    [DoesNotReturn]
    private void Fault(byte vector)
    {
        _pendingVector = vector;
        _pendingHasError = false;
        _pendingError = 0;
        throw CpuFault.Instance;
    }

    [DoesNotReturn]
    private void Fault(byte vector, uint errorCode)
    {
        _pendingVector = vector;
        _pendingHasError = true;
        _pendingError = errorCode;
        throw CpuFault.Instance;
    }

    private byte _pendingVector;
    private bool _pendingHasError;
    private uint _pendingError;
    private bool _pendingIsTrap;
}
