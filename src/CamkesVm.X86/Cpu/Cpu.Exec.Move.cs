namespace CamkesVm.X86.Cpu;

/// <summary>
/// Data movement: XCHG, LEA, MOV to/from segment registers, POP r/m, MOV r/m,imm, XLAT, LAHF/SAHF, CMOVcc,
/// CMPXCHG, CMPXCHG8B, XADD, BOUND and the far-pointer loads LDS/LES/LSS/LFS/LGS (Intel SDM Vol. 2).
/// </summary>
public sealed unsafe partial class Cpu
{
    private void Xchg(ref Insn d, int s)
    {
        uint reg = GetReg(d.Reg, s);
        if (d.IsReg)
        {
            SetReg(d.Reg, GetReg(d.Rm, s), s);
            SetReg(d.Rm, reg, s);
            return;
        }
        uint lin = RmwLinear(ref d, s);
        uint mem = ReadLin(lin, s);
        WriteLin(lin, reg, s);
        SetReg(d.Reg, mem, s);
    }

    private void XchgAccumulator(int r, int s)
    {
        uint a = GetReg(0, s);
        SetReg(0, GetReg(r, s), s);
        SetReg(r, a, s);
    }

    private void Lea(ref Insn d)
    {
        if (d.IsReg) Fault(Vector.UD);
        SetReg(d.Reg, EffectiveAddress(ref d), d.OpSize);
    }

    private void MovFromSegment(ref Insn d)
    {
        if (d.Reg > 5) Fault(Vector.UD);
        uint sel = Seg(d.Reg).Selector;
        if (d.IsReg) SetReg(d.Rm, sel, d.OpSize);   // 32-bit register destination: upper bits zeroed on P6
        else WriteMem(d.Seg, EffectiveAddress(ref d), sel, 2);
    }

    private void MovToSegment(ref Insn d)
    {
        if (d.Reg > 5 || d.Reg == (int)SegReg.CS) Fault(Vector.UD);
        LoadSegment(d.Reg, (ushort)ReadRm(ref d, 2));
        if (d.Reg == (int)SegReg.SS) InhibitInterrupts();
    }

    private void PopSegment(ref Insn d, int seg)
    {
        ushort sel = (ushort)PeekStack(d.OpSize);
        LoadSegment(seg, sel);
        AdjustStack(d.OpSize);
        if (seg == (int)SegReg.SS) InhibitInterrupts();
    }

    /// <summary>POP r/m: ESP is incremented before the destination address is computed (SDM Vol. 2, "POP").</summary>
    private void PopRm(ref Insn d)
    {
        if (d.Reg != 0) Fault(Vector.UD);
        int s = d.OpSize;
        uint v = PeekStack(s);
        if (d.IsReg)
        {
            AdjustStack(s);
            SetReg(d.Rm, v, s);
            return;
        }
        uint oldEsp = _r[4];
        AdjustStack(s);
        try
        {
            WriteMem(d.Seg, EffectiveAddress(ref d), v, s);
        }
        catch (CpuFault)
        {
            _r[4] = oldEsp;
            throw;
        }
    }

    private void MovImmediateRm(ref Insn d, int op)
    {
        if (d.Reg != 0) Fault(Vector.UD);
        WriteRm(ref d, d.Imm, op == 0xC6 ? 1 : d.OpSize);
    }

    private void Xlat(ref Insn d)
    {
        uint addr = _r[3] + GetReg8(0);
        if (!d.A32) addr &= 0xFFFF;
        SetReg8(0, ReadMem8(d.Seg, addr));
    }

    private void Lahf()
    {
        SetReg8(4, ReadEflags() & 0xFF);
    }

    private void Sahf()
    {
        MaterializeFlags();
        uint mask = Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF;
        _flags = (_flags & ~mask) | (GetReg8(4) & mask);
    }

    /// <summary>CMOVcc: the source is read (and may fault) even when the condition is false.</summary>
    private void Cmov(ref Insn d)
    {
        uint v = ReadRm(ref d, d.OpSize);
        if (Condition(d.Op & 0xF)) SetReg(d.Reg, v, d.OpSize);
    }

    private void Cmpxchg(ref Insn d, int s)
    {
        uint acc = GetReg(0, s);
        if (d.IsReg)
        {
            uint dst = GetReg(d.Rm, s);
            Alu(7, acc, dst, s);
            if (GetZF()) SetReg(d.Rm, GetReg(d.Reg, s), s);
            else SetReg(0, dst, s);
            return;
        }
        uint lin = RmwLinear(ref d, s);
        uint mem = ReadLin(lin, s);
        Alu(7, acc, mem, s);
        if (GetZF()) WriteLin(lin, GetReg(d.Reg, s), s);
        else
        {
            WriteLin(lin, mem, s);   // the processor always writes back (SDM Vol. 2, "CMPXCHG")
            SetReg(0, mem, s);
        }
    }

    private void Xadd(ref Insn d, int s)
    {
        uint src = GetReg(d.Reg, s);
        if (d.IsReg)
        {
            uint dst = GetReg(d.Rm, s);
            uint sum = Alu(0, dst, src, s);
            SetReg(d.Reg, dst, s);
            SetReg(d.Rm, sum, s);
            return;
        }
        uint lin = RmwLinear(ref d, s);
        uint mem = ReadLin(lin, s);
        uint r = Alu(0, mem, src, s);
        WriteLin(lin, r, s);
        SetReg(d.Reg, mem, s);
    }

    /// <summary>Group 9: CMPXCHG8B m64 (/1); everything else is #UD on this processor.</summary>
    private void Group9(ref Insn d)
    {
        if (d.Reg != 1 || d.IsReg) Fault(Vector.UD);
        uint lin = RmwLinear(ref d, 4);
        uint linHi = WriteLinear(d.Seg, EffectiveAddress(ref d) + 4, 4);
        ProbeWrite(linHi, 4);
        uint lo = ReadLin32(lin), hi = ReadLin32(linHi);
        MaterializeFlags();
        if (lo == _r[0] && hi == _r[2])
        {
            WriteLin32(lin, _r[3]);
            WriteLin32(linHi, _r[1]);
            _flags |= Flags.ZF;
        }
        else
        {
            WriteLin32(lin, lo);
            WriteLin32(linHi, hi);
            _r[0] = lo;
            _r[2] = hi;
            _flags &= ~Flags.ZF;
        }
    }

    /// <summary>BOUND r, m16&amp;16 / m32&amp;32: #BR when the index is outside [lower, upper].</summary>
    private void Bound(ref Insn d)
    {
        if (d.IsReg) Fault(Vector.UD);
        int s = d.OpSize;
        uint ea = EffectiveAddress(ref d);
        uint lowerRaw = ReadMem(d.Seg, ea, s), upperRaw = ReadMem(d.Seg, d.A32 ? ea + (uint)s : (ea + (uint)s) & 0xFFFF, s);
        int index = s == 2 ? (short)GetReg(d.Reg, 2) : (int)GetReg(d.Reg, 4);
        int lower = s == 2 ? (short)lowerRaw : (int)lowerRaw, upper = s == 2 ? (short)upperRaw : (int)upperRaw;
        if (index < lower || index > upper) Fault(Vector.BR);
    }

    /// <summary>LDS/LES/LSS/LFS/LGS: offset then selector from memory; the segment is loaded with full checks.</summary>
    private void LoadFarPointer(ref Insn d, int seg)
    {
        if (d.IsReg) Fault(Vector.UD);
        int s = d.OpSize;
        uint ea = EffectiveAddress(ref d);
        uint offset = ReadMem(d.Seg, ea, s);
        ushort sel = (ushort)ReadMem(d.Seg, d.A32 ? ea + (uint)s : (ea + (uint)s) & 0xFFFF, 2);
        LoadSegment(seg, sel);
        SetReg(d.Reg, offset, s);
    }

    private static void Pause() { }
}
