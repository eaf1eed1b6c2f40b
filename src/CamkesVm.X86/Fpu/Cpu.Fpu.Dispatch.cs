using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Decoding of the x87 escape opcodes D8–DF (Intel SDM Vol. 2, Appendix A.5, Tables ): memory
/// forms by ModRM.reg, register forms by reg and r/m. The reserved register aliases a P6 executes (FCOM2
/// DC D0+i, FCOMP3 DC D8+i, FXCH4 DD C8+i, FCOMP5 DE D0+i, FXCH7 DF C8+i, FSTP1 D9 D8+i, FSTP8/9 DF D0/D8+i,
/// FFREEP DF C0+i) behave like their documented twins. FISTTP (SSE3) and FXSAVE/FXRSTOR are not on this
/// processor: #UD. Arithmetic kinds use the D8 numbering: 0 add, 1 mul, 4 sub, 5 subr, 6 div, 7 divr.
/// </summary>
public sealed unsafe partial class Cpu
{
    private void ExecuteFpuMemory(ref Insn d)
    {
        uint offset = EffectiveAddress(ref d);
        int seg = d.Seg;
        int op = d.Op, reg = d.Reg;
        bool control = (op == 0xD9 && reg is 4 or 5) || (op == 0xDD && reg == 4);
        if (!control && !IsUndefinedFpuMemory(op, reg)) RecordFpuInstruction(ref d, offset);
        switch (op)
        {
            case 0xD8: FpuArithMemory(ref d, reg, ReadIeeeOperand(seg, offset, FloatFormat.Single, out var c1), ref c1); return;
            case 0xDC: FpuArithMemory(ref d, reg, ReadIeeeOperand(seg, offset, FloatFormat.Double, out var c2), ref c2); return;
            case 0xDA: { var c = new FpuContext(_fpuControl); FpuArithMemory(ref d, reg, Conversions.FromInt64((int)ReadMem(seg, offset, 4)), ref c); return; }
            case 0xDE: { var c = new FpuContext(_fpuControl); FpuArithMemory(ref d, reg, Conversions.FromInt64((short)ReadMem(seg, offset, 2)), ref c); return; }
            case 0xD9:
                switch (reg)
                {
                    case 0: FpuLoad(ReadIeeeOperand(seg, offset, FloatFormat.Single, out var c, forLoad: true), ref c); return;
                    case 2: case 3: FpuStoreIeee(seg, offset, FloatFormat.Single, reg == 3); return;
                    case 4: LoadFpuEnvironment(ref d); return;
                    case 5: _fpuControl = ControlWordFrom(ReadMem(seg, offset, 2)); RecomputeFpuSummary(); return;
                }
                break;
            case 0xDB:
                switch (reg)
                {
                    case 0: FpuLoadExact(Conversions.FromInt64((int)ReadMem(seg, offset, 4))); return;
                    case 2: case 3: FpuStoreInteger(seg, offset, 4, reg == 3); return;
                    case 5: FpuLoadExact(ReadFpu80(seg, offset)); return;
                    case 7: FpuStoreExtended(seg, offset); return;
                }
                break;
            case 0xDD:
                switch (reg)
                {
                    case 0: FpuLoad(ReadIeeeOperand(seg, offset, FloatFormat.Double, out var c, forLoad: true), ref c); return;
                    case 2: case 3: FpuStoreIeee(seg, offset, FloatFormat.Double, reg == 3); return;
                    case 4: RestoreFpuState(ref d); return;
                }
                break;
            case 0xDF:
                switch (reg)
                {
                    case 0: FpuLoadExact(Conversions.FromInt64((short)ReadMem(seg, offset, 2))); return;
                    case 2: case 3: FpuStoreInteger(seg, offset, 2, reg == 3); return;
                    case 4: FpuLoadExact(ReadBcdOperand(seg, offset)); return;
                    case 5: FpuLoadExact(Conversions.FromInt64((long)ReadFpu64(seg, offset))); return;
                    case 6: FpuStoreBcd(seg, offset); return;
                    case 7: FpuStoreInteger(seg, offset, 8, pop: true); return;
                }
                break;
        }
        Fault(Vector.UD);
    }

    private static bool IsUndefinedFpuMemory(int op, int reg) =>
        reg == 1 && op is 0xD9 or 0xDB or 0xDD or 0xDF || (op == 0xDB && reg is 4 or 6) || (op == 0xDD && reg == 5);

    private void ExecuteFpuRegister(ref Insn d)
    {
        int op = d.Op, reg = d.Reg, i = d.Rm;
        if (!IsValidFpuRegisterForm(op, reg, i)) Fault(Vector.UD);
        RecordFpuInstruction(ref d, 0);
        switch (op)
        {
            case 0xD8:
                if (reg is 2 or 3) FpuCompareRegs(i, CompareKind.Ordered, reg - 2);
                else FpuArithRegs(reg, 0, i, pop: false);
                return;
            case 0xD9: ExecuteD9Register(reg, i); return;
            case 0xDA:
                if (reg == 5) FpuCompareRegs(1, CompareKind.Unordered, 2);
                else FpuCmov(i, Condition(CmovCondition[reg]));
                return;
            case 0xDB:
                if (reg < 4) FpuCmov(i, !Condition(CmovCondition[reg]));
                else FpuCompareRegs(i, reg == 5 ? CompareKind.UnorderedFlags : CompareKind.OrderedFlags, 0);
                return;
            case 0xDC:
            case 0xDE:
                bool pop = op == 0xDE;
                if (reg == 2) FpuCompareRegs(i, CompareKind.Ordered, pop ? 1 : 0);
                else if (reg == 3) FpuCompareRegs(pop ? 1 : i, CompareKind.Ordered, pop ? 2 : 1);
                else FpuArithRegs(reg >= 4 ? reg ^ 1 : reg, i, 0, pop);
                return;
            case 0xDD:
                switch (reg)
                {
                    case 0: FpuFree(i); return;
                    case 1: FpuExchange(i); return;
                    case 2: case 3: FpuStoreRegister(i, reg == 3); return;
                    default: FpuCompareRegs(i, CompareKind.Unordered, reg - 4); return;
                }
            default: // 0xDF
                switch (reg)
                {
                    case 0: FpuFree(i); FpuPop(); return;
                    case 1: FpuExchange(i); return;
                    case 2: case 3: FpuStoreRegister(i, pop: true); return;
                    default: FpuCompareRegs(i, reg == 5 ? CompareKind.UnorderedFlags : CompareKind.OrderedFlags, 1); return;
                }
        }
    }

    /// <summary>EFLAGS conditions of FCMOVB/E/BE/U (CF, ZF, CF|ZF, PF) as Jcc condition codes; DB forms negate them.</summary>
    private static readonly int[] CmovCondition = [2, 4, 6, 10];

    private static bool IsValidFpuRegisterForm(int op, int reg, int i) => op switch
    {
        0xD9 => reg switch { 2 => i == 0, 4 => i is 0 or 1 or 4 or 5, 5 => i != 7, _ => true },
        0xDA => reg < 4 || (reg == 5 && i == 1),
        0xDB => reg is not 4 and not 7,
        0xDD => reg < 6,
        0xDE => reg != 3 || i == 1,
        0xDF => reg != 7 && (reg != 4 || i == 0),
        _ => true,
    };

    private void ExecuteD9Register(int reg, int i)
    {
        switch (reg)
        {
            case 0: FpuLoadRegister(i); return;
            case 1: FpuExchange(i); return;
            case 2: return;                                     // FNOP
            case 3: FpuStoreRegister(i, pop: true); return;      // FSTP1 alias
            case 4:
                if (i <= 1) FpuSignOp(i == 0 ? SignOp.Negate : SignOp.Abs);
                else if (i == 4) FpuTest();
                else FpuExamine();
                return;
            case 5: FpuLoadConstant(i); return;
            case 6: ExecuteD9F0(i); return;
            default: ExecuteD9F8(i); return;
        }
    }

    private void ExecuteD9F0(int i)
    {
        switch (i)
        {
            case 0: FpuUnaryTranscendental(Transcendental.TwoToXMinus1); return;
            case 1: FpuLogarithm(plusOne: false); return;
            case 2: FpuPartialTangent(); return;
            case 3: FpuArcTangent(); return;
            case 4: FpuExtract(); return;
            case 5: FpuRemainder(ieee: true); return;
            case 6: _fpuTop = (_fpuTop - 1) & 7; SetC1(false); return;   // FDECSTP
            default: _fpuTop = (_fpuTop + 1) & 7; SetC1(false); return;  // FINCSTP
        }
    }

    private void ExecuteD9F8(int i)
    {
        switch (i)
        {
            case 0: FpuRemainder(ieee: false); return;
            case 1: FpuLogarithm(plusOne: true); return;
            case 2: FpuUnaryExact(UnaryOp.SquareRoot); return;
            case 3: FpuSineCosine(); return;
            case 4: FpuUnaryExact(UnaryOp.RoundToInteger); return;
            case 5: FpuScale(); return;
            case 6: FpuUnaryTranscendental(Transcendental.Sine); return;
            default: FpuUnaryTranscendental(Transcendental.Cosine); return;
        }
    }

    /// <summary>FLDCW: reserved bits 6 reads as 1, bits 7 and 13–15 as 0 (SDM Vol. 1, Figure 8-6).</summary>
    private static ushort ControlWordFrom(uint value) => (ushort)((value & 0x1F3F) | 0x40);

    /// <summary>ES and B follow the unmasked exception flags after the control or status word is reloaded.</summary>
    private void RecomputeFpuSummary()
    {
        _fpuStatus &= unchecked((ushort)~(SwEs | SwBusy));
        if ((_fpuStatus & ~_fpuControl & FpuExceptions.All) != 0) _fpuStatus |= SwEs | SwBusy;
    }
}
