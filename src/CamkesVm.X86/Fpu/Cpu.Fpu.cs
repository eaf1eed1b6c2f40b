using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// x87 FPU state (Intel SDM Vol. 1, chapter 8, Figure 8-1): eight 80-bit data registers R0–R7 addressed as a
/// stack through TOP, the status word (8.1.3), control word (8.1.5), tag word (8.1.7) and the last-instruction
/// pointers FCS:FIP, FDS:FDP and the opcode (8.1.8). Registers hold <see cref="Float80"/> values exactly; the
/// tag word is kept as an empty mask and the other tag classes are derived from the contents when stored.
/// <para>
/// Exceptions (SDM Vol. 1, 8.7): masked ones get the SDM's default response; an unmasked one sets ES/B and
/// is reported when the next waiting x87 instruction (or WAIT) starts: with CR0.NE=1 as #MF, with CR0.NE=0
/// through <see cref="FpuErrorAsserted"/> (the FERR# line a PC routes to IRQ13) while the instruction itself
/// proceeds, as if IGNNE# were asserted.
/// </para>
/// </summary>
public sealed unsafe partial class Cpu
{
    private readonly Float80[] _fpr = new Float80[8];
    private int _fpuTop;
    private int _fpuEmpty = 0xFF;                 // bit i set: physical register Ri is empty (tag 11b)
    private ushort _fpuControl = 0x037F, _fpuStatus; // status without TOP (bits 11–13)
    private uint _fpuIp, _fpuDp;
    private ushort _fpuCs, _fpuDs, _fpuOpcode;

    private const ushort SwC0 = 1 << 8, SwC1 = 1 << 9, SwC2 = 1 << 10, SwC3 = 1 << 14, SwEs = 1 << 7, SwBusy = 1 << 15;
    private const ushort SwConditions = SwC0 | SwC1 | SwC2 | SwC3;

    /// <summary>Called when an unmasked x87 exception is pending and CR0.NE = 0 (the FERR# output; PCs route it to IRQ13).</summary>
    public Action? FpuErrorAsserted { get; set; }

    /// <summary>The x87 status word with TOP.</summary>
    public ushort FpuStatusWord => (ushort)((_fpuStatus & ~0x3800) | (_fpuTop << 11));

    /// <summary>The x87 control word.</summary>
    public ushort FpuControlWord => _fpuControl;

    /// <summary>The full x87 tag word (two bits per physical register, SDM Vol. 1, Figure 8-7).</summary>
    public ushort FpuTagWord
    {
        get
        {
            int tw = 0;
            for (int i = 0; i < 8; i++) tw |= TagOf(i) << (2 * i);
            return (ushort)tw;
        }
    }

    /// <summary>ST(<paramref name="i"/>) as stored (whatever its tag).</summary>
    public Float80 FpuRegister(int i) => _fpr[(_fpuTop + i) & 7];

    private void ResetFpu()
    {
        _fpuControl = 0x037F;
        _fpuStatus = 0;
        _fpuTop = 0;
        _fpuEmpty = 0xFF;
        _fpuIp = _fpuDp = 0;
        _fpuCs = _fpuDs = _fpuOpcode = 0;
    }

    private int TagOf(int phys)
    {
        if ((_fpuEmpty & (1 << phys)) != 0) return 3;
        var v = _fpr[phys];
        if (v.IsZero) return 1;
        if (v.Exponent == 0 || v.Exponent == 0x7FFF || v.IsUnsupported) return 2;
        return 0;
    }

    /// <summary>WAIT/FWAIT: #NM when CR0.MP and CR0.TS are both set (SDM Vol. 3A, Table 2-2), then pending exceptions.</summary>
    private void Fwait()
    {
        if ((_cr0 & (CrBits.MP | CrBits.TS)) == (CrBits.MP | CrBits.TS)) Fault(Vector.NM);
        CheckPendingFpuException();
    }

    private void CheckPendingFpuException()
    {
        if ((_fpuStatus & SwEs) == 0) return;
        if ((_cr0 & CrBits.NE) != 0) Fault(Vector.MF);
        FpuErrorAsserted?.Invoke();
    }

    private void ExecuteFpu(ref Insn d)
    {
        if ((_cr0 & (CrBits.EM | CrBits.TS)) != 0) Fault(Vector.NM);
        if (IsNonWaitingControl(ref d))
        {
            ExecuteFpuControl(ref d);
            return;
        }
        CheckPendingFpuException();
        if (d.IsReg) ExecuteFpuRegister(ref d);
        else ExecuteFpuMemory(ref d);
    }

    /// <summary>FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV, FNSAVE (and the 8087 FNENI/FNDISI, 287 FNSETPM no-ops) skip the exception check.</summary>
    private static bool IsNonWaitingControl(ref Insn d) => d.Op switch
    {
        0xD9 => !d.IsReg && d.Reg >= 6,
        0xDB => d.IsReg && d.Reg == 4 && d.Rm <= 4,
        0xDD => !d.IsReg && d.Reg >= 6,
        0xDF => d.IsReg && d.Reg == 4 && d.Rm == 0,
        _ => false,
    };

    private void ExecuteFpuControl(ref Insn d)
    {
        switch (d.Op)
        {
            case 0xD9 when d.Reg == 6: StoreFpuEnvironment(ref d); MaskAllFpuExceptions(); return;
            case 0xD9: WriteMem(d.Seg, EffectiveAddress(ref d), _fpuControl, 2); return;
            case 0xDB when d.Rm == 2: _fpuStatus &= 0x7F00 & ~SwEs; return;                       // FNCLEX
            case 0xDB when d.Rm == 3: ResetFpu(); return;                                           // FNINIT
            case 0xDB: return;                                                                      // FNENI/FNDISI/FNSETPM
            case 0xDD when d.Reg == 6: SaveFpuState(ref d); return;
            case 0xDD: WriteMem(d.Seg, EffectiveAddress(ref d), FpuStatusWord, 2); return;          // FNSTSW m16
            default: SetReg(0, FpuStatusWord, 2); return;                                           // FNSTSW AX
        }
    }

    /// <summary>FNSTENV masks all exceptions after storing (SDM Vol. 2, FSTENV/FNSTENV).</summary>
    private void MaskAllFpuExceptions() => _fpuControl |= FpuExceptions.All;

    /// <summary>Records FCS:FIP, the opcode and (for memory forms) FDS:FDP of a non-control instruction (SDM Vol. 1, 8.1.8/8.1.9).</summary>
    private void RecordFpuInstruction(ref Insn d, uint dataOffset)
    {
        _fpuCs = Seg((int)SegReg.CS).Selector;
        _fpuIp = _insnStart;
        _fpuOpcode = (ushort)(((d.Op & 7) << 8) | (d.Mod << 6) | (d.Reg << 3) | d.Rm);
        if (d.IsReg) return;
        _fpuDs = Seg(d.Seg).Selector;
        _fpuDp = dataOffset;
    }
}
