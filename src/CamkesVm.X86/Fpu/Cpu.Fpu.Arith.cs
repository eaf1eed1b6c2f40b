using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Basic arithmetic FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR in all their forms, with the P (pop) and FI (integer
/// operand) variants (Intel SDM Vol. 2 pages of each; Vol. 1, 8.3.5), and the comparisons FCOM/FCOMP/FCOMPP,
/// FUCOM/FUCOMP/FUCOMPP, FICOM/FICOMP, FCOMI/FCOMIP/FUCOMI/FUCOMIP, FTST and FXAM (Vol. 1, 8.3.6 and
/// Tables 8-6/8-7; FCOMI sets ZF, PF, CF and clears OF, SF, AF).
/// </summary>
public sealed unsafe partial class Cpu
{
    private enum CompareKind { Ordered, Unordered, OrderedFlags, UnorderedFlags }

    private static Float80 FpuBinary(int kind, Float80 dst, Float80 src, ref FpuContext c) => kind switch
    {
        0 => Arithmetic.Add(dst, src, false, ref c),
        1 => Arithmetic.Multiply(dst, src, ref c),
        4 => Arithmetic.Add(dst, src, true, ref c),
        5 => Arithmetic.Add(src, dst, true, ref c),
        6 => Arithmetic.Divide(dst, src, ref c),
        _ => Arithmetic.Divide(src, dst, ref c),
    };

    private void FpuArithRegs(int kind, int dest, int src, bool pop)
    {
        if (StEmpty(0) || StEmpty(dest + src))
        {
            if (!StackUnderflow()) return;
            SetSt(dest, Float80.Indefinite);
            if (pop) FpuPop();
            return;
        }
        var c = new FpuContext(_fpuControl);
        var r = FpuBinary(kind, St(dest), St(src), ref c);
        FpuStoreResult(dest, r, ref c, pop);
    }

    /// <summary>D8/DC/DA/DE memory forms: ST(0) op m, or FCOM/FICOM (reg 2) and FCOMP/FICOMP (reg 3).</summary>
    private void FpuArithMemory(ref Insn d, int reg, Float80 operand, ref FpuContext c)
    {
        if (reg is 2 or 3)
        {
            FpuCompare(operand, CompareKind.Ordered, reg - 2, ref c);
            return;
        }
        if (StEmpty(0))
        {
            if (StackUnderflow()) SetSt(0, Float80.Indefinite);
            return;
        }
        var r = FpuBinary(reg, St(0), operand, ref c);
        FpuStoreResult(0, r, ref c, pop: false);
    }

    private void FpuCompareRegs(int i, CompareKind kind, int pops)
    {
        var c = new FpuContext(_fpuControl);
        FpuCompare(StEmpty(i) ? Float80.Indefinite : St(i), kind, pops, ref c, StEmpty(i));
    }

    /// <summary>Compares ST(0) with <paramref name="b"/> (SDM Vol. 2, FCOM/FUCOM/FCOMI tables) and pops <paramref name="pops"/> times.</summary>
    private void FpuCompare(Float80 b, CompareKind kind, int pops, ref FpuContext c, bool bEmpty = false)
    {
        bool flags = kind is CompareKind.OrderedFlags or CompareKind.UnorderedFlags;
        bool unorderedOk = kind is CompareKind.Unordered or CompareKind.UnorderedFlags;
        int result;                                   // -1 less, 0 equal, 1 greater, 2 unordered
        if (StEmpty(0) || bEmpty)
        {
            c.Raised |= FpuExceptions.Invalid | FpuExceptions.StackFault;
            result = 2;
        }
        else result = Compare(St(0), b, unorderedOk, ref c);
        c.RoundedUp = false;
        if (!CommitFpu(ref c)) return;
        if (flags)
        {
            SetC1(false);
            uint f = result switch { -1 => Flags.CF, 0 => Flags.ZF, 1 => 0u, _ => Flags.ZF | Flags.PF | Flags.CF };
            SetLazyFlagsFrom(f);
        }
        else SetConditionCodes(result is -1 or 2, false, result == 2, result is 0 or 2);
        for (int k = 0; k < pops; k++) FpuPop();
    }

    private static int Compare(Float80 a, Float80 b, bool quietNaNsAllowed, ref FpuContext c)
    {
        if (a.IsUnsupported || b.IsUnsupported) { c.Invalid(); return 2; }
        if (a.IsNaN || b.IsNaN)
        {
            c.Raised &= ~FpuExceptions.Denormal;
            if (!quietNaNsAllowed || a.IsSignalingNaN || b.IsSignalingNaN) c.Raised |= FpuExceptions.Invalid;
            return 2;
        }
        if (a.IsDenormal || b.IsDenormal) c.Raised |= FpuExceptions.Denormal;
        return Arithmetic.CompareValues(a, b);
    }

    private void FpuTest()
    {
        var c = new FpuContext(_fpuControl);
        FpuCompare(Float80.Zero, CompareKind.Ordered, 0, ref c);
    }

    /// <summary>FXAM: C1 = sign; C3, C2, C0 give the class (SDM Vol. 1, Table 8-7).</summary>
    private void FpuExamine()
    {
        var v = St(0);
        int cls;                                      // C3 C2 C0 as bits 2, 1, 0
        if (StEmpty(0)) cls = 0b101;
        else if (v.IsUnsupported) cls = 0b000;
        else if (v.IsNaN) cls = 0b001;
        else if (v.IsInfinity) cls = 0b011;
        else if (v.IsZero) cls = 0b100;
        else if (v.IsDenormal) cls = 0b110;
        else cls = 0b010;
        SetConditionCodes((cls & 1) != 0, v.Sign, (cls & 2) != 0, (cls & 4) != 0);
    }
}
