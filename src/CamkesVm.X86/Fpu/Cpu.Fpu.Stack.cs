using System.Runtime.CompilerServices;
using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// The x87 register stack (Intel SDM Vol. 1, 8.1.2) and exception bookkeeping: stack overflow/underflow
/// (8.5.1.1: #IS sets IE and SF, C1 = 1 on overflow and 0 on underflow; masked response the QNaN
/// indefinite), status-word updates from an operation's <see cref="FpuContext"/>, and the rule that an unmasked
/// #I, #D or #Z leaves the destination unchanged and reports only those (8.7, 4.9.2), unmasked #O/#U deliver
/// the bias-adjusted result to registers and nothing (and no #P, as on the host) to memory.
/// </summary>
public sealed unsafe partial class Cpu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Float80 St(int i) => ref _fpr[(_fpuTop + i) & 7];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool StEmpty(int i) => (_fpuEmpty & (1 << ((_fpuTop + i) & 7))) != 0;

    private void SetSt(int i, Float80 v)
    {
        int p = (_fpuTop + i) & 7;
        _fpr[p] = v;
        _fpuEmpty &= ~(1 << p);
    }

    private void FpuPop()
    {
        _fpuEmpty |= 1 << _fpuTop;
        _fpuTop = (_fpuTop + 1) & 7;
    }

    private void SetC1(bool on) => _fpuStatus = (ushort)(on ? _fpuStatus | SwC1 : _fpuStatus & ~SwC1);

    private void SetConditionCodes(bool c0, bool c1, bool c2, bool c3) =>
        _fpuStatus = (ushort)((_fpuStatus & ~SwConditions) | (c0 ? SwC0 : 0) | (c1 ? SwC1 : 0) | (c2 ? SwC2 : 0) | (c3 ? SwC3 : 0));

    /// <summary>Raises exception flags; returns true when one of them is unmasked (ES and B are then set).</summary>
    private bool RaiseFpu(int flags)
    {
        _fpuStatus |= (ushort)(flags & (FpuExceptions.All | FpuExceptions.StackFault));
        if ((flags & ~_fpuControl & FpuExceptions.All) == 0) return false;
        _fpuStatus |= SwEs | SwBusy;
        return true;
    }

    /// <summary>
    /// Folds an operation's exceptions into the status word and sets C1 from its rounding. Returns whether the
    /// result may be written: false after an unmasked #I/#D/#Z, and for memory destinations after unmasked #O/#U.
    /// </summary>
    private bool CommitFpu(ref FpuContext c)
    {
        SetC1(c.RoundedUp && (c.Raised & FpuExceptions.Precision) != 0);
        const int preComputation = FpuExceptions.Invalid | FpuExceptions.Denormal | FpuExceptions.ZeroDivide | FpuExceptions.StackFault;
        const int overUnder = FpuExceptions.Overflow | FpuExceptions.Underflow;
        int unmasked = c.Raised & ~c.Masks & FpuExceptions.All;
        if ((unmasked & preComputation) != 0)
        {
            RaiseFpu(c.Raised & preComputation);           // the operation was not performed: no #O/#U/#P
            return false;
        }
        bool storeSuppressed = c.ToMemory && (unmasked & overUnder) != 0;
        if (storeSuppressed) SetC1(false);
        RaiseFpu(storeSuppressed ? c.Raised & ~FpuExceptions.Precision : c.Raised);
        return !storeSuppressed;
    }

    /// <summary>Stack underflow: an operand register is empty. Returns true when the masked response may be written.</summary>
    private bool StackUnderflow()
    {
        SetC1(false);
        return !RaiseFpu(FpuExceptions.Invalid | FpuExceptions.StackFault);
    }

    /// <summary>Pushes <paramref name="v"/>; on overflow (ST(7) in use) the masked response pushes the indefinite.</summary>
    private void FpuPush(Float80 v)
    {
        if (StEmpty(7))
        {
            SetC1(false);
            _fpuTop = (_fpuTop - 1) & 7;
            SetSt(0, v);
            return;
        }
        SetC1(true);
        if (RaiseFpu(FpuExceptions.Invalid | FpuExceptions.StackFault)) return;
        _fpuTop = (_fpuTop - 1) & 7;
        SetSt(0, Float80.Indefinite);
    }

    /// <summary>Pushes the result of a load whose conversion ran in <paramref name="c"/> (no push after an unmasked #I/#D).</summary>
    private void FpuPushResult(Float80 v, ref FpuContext c)
    {
        if (!StEmpty(7))
        {
            FpuPush(v);
            return;
        }
        bool ok = CommitFpu(ref c);
        if (ok) FpuPush(v);
    }

    /// <summary>Writes an operation result to ST(<paramref name="dest"/>) and pops if asked, honouring unmasked exceptions.</summary>
    private void FpuStoreResult(int dest, Float80 v, ref FpuContext c, bool pop)
    {
        if (!CommitFpu(ref c)) return;
        SetSt(dest, v);
        if (pop) FpuPop();
    }

    /// <summary>
    /// Start of an instruction that replaces ST(0) and pushes a second result (FXTRACT, FPTAN, FSINCOS): ST(0)
    /// must be present and ST(7) empty; a full stack is a stack overflow (SDM Vol. 1, 8.5.1.1) whose masked
    /// response puts the indefinite in ST(0) and pushes it. Returns whether the instruction goes on.
    /// </summary>
    private bool BeginReplaceAndPush()
    {
        if (!FpuOperandsPresent(false)) return false;
        if (StEmpty(7)) return true;
        SetC1(true);
        if (!RaiseFpu(FpuExceptions.Invalid | FpuExceptions.StackFault))
        {
            SetSt(0, Float80.Indefinite);
            FpuPush(Float80.Indefinite);
        }
        return false;
    }

    /// <summary>The end of such an instruction: unless an unmasked exception stops it, ST(0) = <paramref name="first"/>, push <paramref name="second"/>.</summary>
    private void ReplaceAndPush(ref FpuContext c, Float80 first, Float80 second)
    {
        if (!CommitFpu(ref c)) return;
        SetSt(0, first);
        FpuPush(second);
    }
}
