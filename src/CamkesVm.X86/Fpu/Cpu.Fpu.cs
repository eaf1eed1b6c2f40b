namespace CamkesVm.X86.Cpu;

/// <summary>
/// x87 FPU entry points (Intel SDM Vol. 1, chapter 8). Device-not-available (#NM) rules of CR0.EM/TS/MP
/// (SDM Vol. 3A, 2.5, Table 2-2) apply before any x87 instruction.
/// </summary>
public sealed unsafe partial class Cpu
{
    private ushort _fpuControl = 0x037F, _fpuStatus;

    private void ResetFpu()
    {
        _fpuControl = 0x037F;
        _fpuStatus = 0;
    }

    private void Fwait()
    {
        if ((_cr0 & (CrBits.MP | CrBits.TS)) == (CrBits.MP | CrBits.TS)) Fault(Vector.NM);
    }

    private void ExecuteFpu(ref Insn d)
    {
        if ((_cr0 & (CrBits.EM | CrBits.TS)) != 0) Fault(Vector.NM);
        int op = d.Op;
        if (op == 0xDB && d.IsReg && d.Reg == 4 && d.Rm == 3) { ResetFpu(); return; }            // FNINIT
        if (op == 0xDF && d.IsReg && d.Reg == 4 && d.Rm == 0) { SetReg(0, _fpuStatus, 2); return; } // FNSTSW AX
        if (op == 0xDD && !d.IsReg && d.Reg == 7) { WriteMem(d.Seg, EffectiveAddress(ref d), _fpuStatus, 2); return; }
        if (op == 0xD9 && !d.IsReg && d.Reg == 7) { WriteMem(d.Seg, EffectiveAddress(ref d), _fpuControl, 2); return; }
        if (op == 0xD9 && !d.IsReg && d.Reg == 5) { _fpuControl = (ushort)ReadMem(d.Seg, EffectiveAddress(ref d), 2); return; }
        Fault(Vector.UD);
    }
}
