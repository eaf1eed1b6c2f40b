using System.Numerics;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Shift/rotate group 2, SHLD/SHRD, BT/BTS/BTR/BTC (register and immediate forms, with the bit-string
/// addressing of memory operands) and BSF/BSR (Intel SDM Vol. 2).
/// </summary>
public sealed unsafe partial class Cpu
{
    private void Group2(ref Insn d)
    {
        int s = (d.Op & 1) == 0 ? 1 : d.OpSize;
        int count = d.Op switch { 0xC0 or 0xC1 => (int)d.Imm, 0xD0 or 0xD1 => 1, _ => (int)GetReg8(1) };
        if (d.IsReg)
        {
            SetReg(d.Rm, Shift(d.Reg, GetReg(d.Rm, s), count, s), s);
            return;
        }
        uint lin = RmwLinear(ref d, s);
        WriteLin(lin, Shift(d.Reg, ReadLin(lin, s), count, s), s);
    }

    private void DoubleShiftRm(ref Insn d, bool left, int count)
    {
        int s = d.OpSize;
        uint src = GetReg(d.Reg, s);
        if (d.IsReg)
        {
            SetReg(d.Rm, DoubleShift(left, GetReg(d.Rm, s), src, count, s), s);
            return;
        }
        uint lin = RmwLinear(ref d, s);
        WriteLin(lin, DoubleShift(left, ReadLin(lin, s), src, count, s), s);
    }

    private void Group8(ref Insn d)
    {
        if (d.Reg < 4) Fault(Vector.UD);
        BitTest(ref d, d.Reg - 4, d.Imm, false);
    }

    /// <summary>
    /// BT (0), BTS (1), BTR (2), BTC (3). With a register bit offset and a memory operand the offset is signed
    /// and selects any bit relative to the address; an immediate offset is taken modulo the operand size.
    /// </summary>
    private void BitTest(ref Insn d, int kind, uint offset, bool registerOffset)
    {
        int s = d.OpSize, bits = s * 8;
        uint value, lin = 0;
        int bit;
        if (d.IsReg)
        {
            bit = (int)(offset & (uint)(bits - 1));
            value = GetReg(d.Rm, s);
        }
        else
        {
            int signedOffset = registerOffset ? (s == 2 ? (short)offset : (int)offset) : (int)(offset & (uint)(bits - 1));
            int unit = signedOffset >> (s == 2 ? 4 : 5);
            bit = signedOffset & (bits - 1);
            uint ea = EffectiveAddress(ref d) + (uint)(unit * s);
            if (!d.A32) ea &= 0xFFFF;
            if (kind == 0) value = ReadMem(d.Seg, ea, s);
            else
            {
                lin = WriteLinear(d.Seg, ea, s);
                ProbeWrite(lin, s);
                value = ReadLin(lin, s);
            }
        }
        bool cf = ((value >> bit) & 1) != 0;
        SetCarryFlag(cf);
        if (kind == 0) return;
        uint m = 1u << bit;
        value = kind switch { 1 => value | m, 2 => value & ~m, _ => value ^ m };
        if (d.IsReg) SetReg(d.Rm, value, s);
        else WriteLin(lin, value, s);
    }

    /// <summary>BSF/BSR: ZF = 1 and the destination unchanged when the source is zero (as P6 hardware does).</summary>
    private void BitScan(ref Insn d, bool forward)
    {
        int s = d.OpSize;
        uint v = ReadRm(ref d, s);
        MaterializeFlags();
        if (v == 0)
        {
            _flags |= Flags.ZF;
            return;
        }
        _flags &= ~Flags.ZF;
        int index = forward ? BitOperations.TrailingZeroCount(v) : 31 - BitOperations.LeadingZeroCount(v);
        SetReg(d.Reg, (uint)index, s);
    }
}
