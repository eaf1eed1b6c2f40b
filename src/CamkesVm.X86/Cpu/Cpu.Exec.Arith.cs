namespace CamkesVm.X86.Cpu;

/// <summary>
/// Arithmetic instruction families: group 1 (ALU with immediate), group 3 (TEST NOT NEG MUL IMUL DIV IDIV),
/// group 4/5 INC/DEC, IMUL two- and three-operand forms, CBW/CWD and the BCD adjusts (Intel SDM Vol. 2).
/// </summary>
public sealed unsafe partial class Cpu
{
    private void Group1(ref Insn d)
    {
        int s = d.Op == 0x81 ? d.OpSize : d.Op == 0x83 ? d.OpSize : 1;
        uint imm = d.Op == 0x83 ? (uint)(sbyte)d.Imm : d.Imm;
        if (d.IsReg)
        {
            uint r = Alu(d.Reg, GetReg(d.Rm, s), imm, s);
            if (d.Reg != 7) SetReg(d.Rm, r, s);
        }
        else if (d.Reg == 7) Alu(7, ReadMem(d.Seg, EffectiveAddress(ref d), s), imm, s);
        else
        {
            uint lin = RmwLinear(ref d, s);
            WriteLin(lin, Alu(d.Reg, ReadLin(lin, s), imm, s), s);
        }
    }

    /// <summary>Applies <paramref name="f"/> to the r/m operand as a read-modify-write.</summary>
    private void ModifyRm(ref Insn d, int s, Func<Cpu, uint, int, uint> f)
    {
        if (d.IsReg)
        {
            SetReg(d.Rm, f(this, GetReg(d.Rm, s), s), s);
            return;
        }
        uint lin = RmwLinear(ref d, s);
        WriteLin(lin, f(this, ReadLin(lin, s), s), s);
    }

    private static readonly Func<Cpu, uint, int, uint> IncOp = static (c, v, s) => c.Inc(v, s);
    private static readonly Func<Cpu, uint, int, uint> DecOp = static (c, v, s) => c.Dec(v, s);
    private static readonly Func<Cpu, uint, int, uint> NotOp = static (_, v, _) => ~v;
    private static readonly Func<Cpu, uint, int, uint> NegOp = static (c, v, s) => c.Alu(5, 0, v, s);

    private void Group3(ref Insn d, int s)
    {
        switch (d.Reg)
        {
            case 0: case 1: Alu(4, ReadRm(ref d, s), d.Imm, s); return;
            case 2: ModifyRm(ref d, s, NotOp); return;
            case 3: ModifyRm(ref d, s, NegOp); return;
            case 4: Mul(ReadRm(ref d, s), s); return;
            case 5: Imul1(ReadRm(ref d, s), s); return;
            case 6: Div(ReadRm(ref d, s), s); return;
            default: Idiv(ReadRm(ref d, s), s); return;
        }
    }

    private void Group4(ref Insn d)
    {
        if (d.Reg > 1) Fault(Vector.UD);
        ModifyRm(ref d, 1, d.Reg == 0 ? IncOp : DecOp);
    }

    private void Mul(uint src, int s)
    {
        switch (s)
        {
            case 1:
            {
                uint r = GetReg8(0) * src;
                *(ushort*)_r = (ushort)r;
                SetResultFlags(r & 0xFF, 1, r > 0xFF, r > 0xFF);
                return;
            }
            case 2:
            {
                uint r = (ushort)_r[0] * src;
                SetReg(0, r, 2);
                SetReg(2, r >> 16, 2);
                SetResultFlags(r & 0xFFFF, 2, r > 0xFFFF, r > 0xFFFF);
                return;
            }
            default:
            {
                ulong r = (ulong)_r[0] * src;
                _r[0] = (uint)r;
                _r[2] = (uint)(r >> 32);
                bool hi = (r >> 32) != 0;
                SetResultFlags((uint)r, 4, hi, hi);
                return;
            }
        }
    }

    private void Imul1(uint src, int s)
    {
        switch (s)
        {
            case 1:
            {
                int r = (sbyte)GetReg8(0) * (sbyte)src;
                *(ushort*)_r = (ushort)r;
                bool ov = r != (sbyte)r;
                SetResultFlags((uint)r & 0xFF, 1, ov, ov);
                return;
            }
            case 2:
            {
                int r = (short)_r[0] * (short)src;
                SetReg(0, (uint)r, 2);
                SetReg(2, (uint)r >> 16, 2);
                bool ov = r != (short)r;
                SetResultFlags((uint)r & 0xFFFF, 2, ov, ov);
                return;
            }
            default:
            {
                long r = (long)(int)_r[0] * (int)src;
                _r[0] = (uint)r;
                _r[2] = (uint)(r >> 32);
                bool ov = r != (int)r;
                SetResultFlags((uint)r, 4, ov, ov);
                return;
            }
        }
    }

    /// <summary>IMUL r, r/m, imm (69/6B) and IMUL r, r/m (0F AF): truncated signed product.</summary>
    private void ImulImmediate(ref Insn d, uint imm) => SetReg(d.Reg, ImulTruncated(ReadRm(ref d, d.OpSize), imm, d.OpSize), d.OpSize);

    private void ImulRegister(ref Insn d) =>
        SetReg(d.Reg, ImulTruncated(GetReg(d.Reg, d.OpSize), ReadRm(ref d, d.OpSize), d.OpSize), d.OpSize);

    private uint ImulTruncated(uint a, uint b, int s)
    {
        long r = s == 2 ? (long)(short)a * (short)b : (long)(int)a * (int)b;
        bool ov = s == 2 ? r != (short)r : r != (int)r;
        uint res = (uint)r & SizeMask(s);
        SetResultFlags(res, s, ov, ov);
        return res;
    }

    private void Div(uint divisor, int s)
    {
        if ((divisor &= SizeMask(s)) == 0) Fault(Vector.DE);
        switch (s)
        {
            case 1:
            {
                uint n = (ushort)_r[0], q = n / divisor;
                if (q > 0xFF) Fault(Vector.DE);
                *(ushort*)_r = (ushort)(q | ((n % divisor) << 8));
                return;
            }
            case 2:
            {
                uint n = ((uint)(ushort)_r[2] << 16) | (ushort)_r[0], q = n / divisor;
                if (q > 0xFFFF) Fault(Vector.DE);
                SetReg(0, q, 2);
                SetReg(2, n % divisor, 2);
                return;
            }
            default:
            {
                ulong n = ((ulong)_r[2] << 32) | _r[0], q = n / divisor;
                if (q > 0xFFFF_FFFF) Fault(Vector.DE);
                _r[0] = (uint)q;
                _r[2] = (uint)(n % divisor);
                return;
            }
        }
    }

    private void Idiv(uint divisor, int s)
    {
        if ((divisor & SizeMask(s)) == 0) Fault(Vector.DE);
        switch (s)
        {
            case 1:
            {
                int n = (short)_r[0], dv = (sbyte)divisor, q = n / dv;
                if (q != (sbyte)q) Fault(Vector.DE);
                *(ushort*)_r = (ushort)((byte)q | ((uint)(byte)(n % dv) << 8));
                return;
            }
            case 2:
            {
                int n = (int)(((uint)(ushort)_r[2] << 16) | (ushort)_r[0]), dv = (short)divisor;
                long q = (long)n / dv;
                if (q != (short)q) Fault(Vector.DE);
                SetReg(0, (uint)q, 2);
                SetReg(2, (uint)(n % dv), 2);
                return;
            }
            default:
            {
                long n = (long)(((ulong)_r[2] << 32) | _r[0]);
                int dv = (int)divisor;
                if (n == long.MinValue && dv == -1) Fault(Vector.DE);
                long q = n / dv;
                if (q != (int)q) Fault(Vector.DE);
                _r[0] = (uint)q;
                _r[2] = (uint)(n % dv);
                return;
            }
        }
    }

    private void Cbw(bool o32)
    {
        if (o32) _r[0] = (uint)(short)_r[0];
        else SetReg(0, (uint)(sbyte)GetReg8(0), 2);
    }

    private void Cwd(bool o32)
    {
        if (o32) _r[2] = (int)_r[0] < 0 ? 0xFFFF_FFFF : 0;
        else SetReg(2, (short)_r[0] < 0 ? 0xFFFFu : 0, 2);
    }

    private void SetCarryFlag(bool cf)
    {
        MaterializeFlags();
        _flags = cf ? _flags | Flags.CF : _flags & ~Flags.CF;
    }

    // ---- BCD (SDM Vol. 2, "DAA", "DAS", "AAA", "AAS", "AAM", "AAD") -------------------------------

    private void Daa()
    {
        uint al = GetReg8(0), oldAl = al;
        bool cf = GetCF(), af = GetAF(), oldCf = cf;
        cf = false;
        if ((al & 0xF) > 9 || af) { al += 6; cf = oldCf || al > 0xFF; af = true; }
        else af = false;
        if (oldAl > 0x99 || oldCf) { al += 0x60; cf = true; }
        SetBcdResult(al & 0xFF, cf, af);
    }

    private void Das()
    {
        uint al = GetReg8(0), oldAl = al;
        bool cf = GetCF(), af = GetAF(), oldCf = cf;
        cf = false;
        if ((al & 0xF) > 9 || af) { cf = oldCf || al < 6; al -= 6; af = true; }
        else af = false;
        if (oldAl > 0x99 || oldCf) { al -= 0x60; cf = true; }
        SetBcdResult(al & 0xFF, cf, af);
    }

    private void SetBcdResult(uint al, bool cf, bool af)
    {
        SetReg8(0, al);
        SetResultFlags(al, 1, cf, false);
        if (af) _flags |= Flags.AF;
    }

    private void Aaa() => AsciiAdjust(+1);

    private void Aas() => AsciiAdjust(-1);

    /// <summary>AAA: AX += 106h; AAS: AX -= 6, AH -= 1 — when AL's low nibble is above 9 or AF is set.</summary>
    private void AsciiAdjust(int direction)
    {
        uint ax = (ushort)_r[0];
        bool adjust = (ax & 0xF) > 9 || GetAF();
        if (adjust) ax = direction > 0 ? ax + 0x106 : ((ax - 6) & 0xFF) | ((((ax - 6) >> 8) - 1) << 8);
        SetReg(0, ax & 0xFF0F, 2);
        MaterializeFlags();
        _flags = (_flags & ~(Flags.CF | Flags.AF)) | (adjust ? Flags.CF | Flags.AF : 0);
    }

    private void Aam(byte imm)
    {
        if (imm == 0) Fault(Vector.DE);
        uint al = GetReg8(0);
        SetReg(0, ((al / imm) << 8) | (al % imm), 2);
        SetResultFlags(al % imm, 1, false, false);
    }

    private void Aad(byte imm)
    {
        uint al = GetReg8(0), ah = GetReg8(4);
        uint r = (al + ah * imm) & 0xFF;
        SetReg(0, r, 2);
        SetResultFlags(r, 1, false, false);
    }
}
