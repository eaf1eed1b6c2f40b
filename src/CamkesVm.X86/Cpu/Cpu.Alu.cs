using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Integer arithmetic: the eight ALU operations (ADD OR ADC SBB AND SUB XOR CMP), INC/DEC/NEG/NOT, and the
/// shift and rotate group with the SDM's count masking and flag rules (Intel SDM Vol. 2, "SAL/SAR/SHL/SHR",
/// "RCL/RCR/ROL/ROR"). Undefined flags get the values common hardware produces where known.
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>Performs ALU operation <paramref name="op"/> (ModRM reg / opcode bits 5:3) and returns the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Alu(int op, uint a, uint b, int size)
    {
        uint mask = SizeMask(size);
        a &= mask;
        b &= mask;
        uint r;
        switch (op)
        {
            case 0: r = a + b; SetLazy(LazyOp.Add, a, b, r, size); break;
            case 1: r = a | b; SetLazy(LazyOp.Logic, a, b, r, size); break;
            case 2:
                if (GetCF()) { r = a + b + 1; SetLazy(LazyOp.Adc1, a, b, r, size); }
                else { r = a + b; SetLazy(LazyOp.Add, a, b, r, size); }
                break;
            case 3:
                if (GetCF()) { r = a - b - 1; SetLazy(LazyOp.Sbb1, a, b, r, size); }
                else { r = a - b; SetLazy(LazyOp.Sub, a, b, r, size); }
                break;
            case 4: r = a & b; SetLazy(LazyOp.Logic, a, b, r, size); break;
            case 6: r = a ^ b; SetLazy(LazyOp.Logic, a, b, r, size); break;
            default: r = a - b; SetLazy(LazyOp.Sub, a, b, r, size); break; // SUB, CMP
        }
        return r & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Inc(uint a, int size)
    {
        uint mask = SizeMask(size);
        uint r = (a + 1) & mask;
        SetLazyKeepCarry(LazyOp.Inc, a & mask, r, size);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Dec(uint a, int size)
    {
        uint mask = SizeMask(size);
        uint r = (a - 1) & mask;
        SetLazyKeepCarry(LazyOp.Dec, a & mask, r, size);
        return r;
    }

    /// <summary>Shift/rotate group 2: ROL ROR RCL RCR SHL SHR SAL SAR by <paramref name="count"/>.</summary>
    private uint Shift(int op, uint a, int count, int size)
    {
        count &= 31;
        int bits = size * 8;
        uint mask = SizeMask(size), sign = SignBit(size);
        a &= mask;
        if (count == 0) return a;
        switch (op)
        {
            case 0: return Rol(a, count, bits, mask, sign);
            case 1: return Ror(a, count, bits, mask, sign);
            case 2: return Rcl(a, count, bits, mask, sign);
            case 3: return Rcr(a, count, bits, mask, sign);
            case 5: return Shr(a, count, size, sign);
            case 7: return Sar(a, count, size, sign);
            default: return Shl(a, count, size, mask, sign);
        }
    }

    private uint Shl(uint a, int count, int size, uint mask, uint sign)
    {
        int bits = size * 8;
        uint r = count < 32 ? (a << count) & mask : 0;
        bool cf = count <= bits && ((a >> (bits - count)) & 1) != 0;
        SetResultFlags(r, size, cf, ((r & sign) != 0) ^ cf);
        return r;
    }

    private uint Shr(uint a, int count, int size, uint sign)
    {
        uint r = a >> count;
        bool cf = ((a >> (count - 1)) & 1) != 0;
        SetResultFlags(r, size, cf, (a & sign) != 0); // OF defined for count 1 only
        return r;
    }

    private uint Sar(uint a, int count, int size, uint sign)
    {
        int shift = 32 - size * 8;
        int s = (int)(a << shift) >> shift;               // sign-extend to 32 bits
        uint r = (uint)(s >> count) & SizeMask(size);
        bool cf = ((s >> (count - 1)) & 1) != 0;
        SetResultFlags(r, size, cf, false);
        return r;
    }

    private void SetCarryOverflow(bool cf, bool of)
    {
        MaterializeFlags();
        _flags = (_flags & ~(Flags.CF | Flags.OF)) | (cf ? Flags.CF : 0) | (of ? Flags.OF : 0);
    }

    private uint Rol(uint a, int count, int bits, uint mask, uint sign)
    {
        int c = count & (bits - 1);
        uint r = c == 0 ? a : ((a << c) | (a >> (bits - c))) & mask;
        bool cf = (r & 1) != 0;
        SetCarryOverflow(cf, ((r & sign) != 0) ^ cf);
        return r;
    }

    private uint Ror(uint a, int count, int bits, uint mask, uint sign)
    {
        int c = count & (bits - 1);
        uint r = c == 0 ? a : ((a >> c) | (a << (bits - c))) & mask;
        bool msb = (r & sign) != 0;
        SetCarryOverflow(msb, msb ^ ((r & (sign >> 1)) != 0));
        return r;
    }

    private uint Rcl(uint a, int count, int bits, uint mask, uint sign)
    {
        int c = bits == 32 ? count : count % (bits + 1);
        bool cf = GetCF();
        if (c == 0) return a;
        ulong wide = ((ulong)(cf ? 1u : 0) << bits) | a;     // bits+1 wide rotate
        ulong rot = ((wide << c) | (wide >> (bits + 1 - c))) & ((1UL << (bits + 1)) - 1);
        uint r = (uint)rot & mask;
        bool newCf = ((rot >> bits) & 1) != 0;
        SetCarryOverflow(newCf, ((r & sign) != 0) ^ newCf);
        return r;
    }

    private uint Rcr(uint a, int count, int bits, uint mask, uint sign)
    {
        int c = bits == 32 ? count : count % (bits + 1);
        bool cf = GetCF();
        if (c == 0) return a;
        ulong wide = ((ulong)(cf ? 1u : 0) << bits) | a;
        ulong rot = ((wide >> c) | (wide << (bits + 1 - c))) & ((1UL << (bits + 1)) - 1);
        uint r = (uint)rot & mask;
        bool newCf = ((rot >> bits) & 1) != 0;
        SetCarryOverflow(newCf, ((r & sign) != 0) ^ ((r & (sign >> 1)) != 0));
        return r;
    }

    /// <summary>SHLD/SHRD (SDM Vol. 2, "SHLD", "SHRD"): count masked to 5 bits; count ≥ width is undefined.</summary>
    private uint DoubleShift(bool left, uint dst, uint src, int count, int size)
    {
        count &= 31;
        uint mask = SizeMask(size), sign = SignBit(size);
        dst &= mask;
        src &= mask;
        if (count == 0) return dst;
        int bits = size * 8;
        ulong r;
        bool cf;
        if (size == 4 || count <= bits)
        {
            if (left)
            {
                ulong wide = ((ulong)dst << bits) | src;
                r = (wide << count) >> bits;
                cf = ((wide >> (2 * bits - count)) & 1) != 0;
            }
            else
            {
                ulong wide = ((ulong)src << bits) | dst;
                r = wide >> count;
                cf = ((wide >> (count - 1)) & 1) != 0;
            }
        }
        else
        {
            // 16-bit with count 17..31 (result undefined by the SDM): shift through dst:src:dst
            ulong wide = ((ulong)dst << 32) | ((ulong)src << 16) | dst;
            r = left ? (wide << count) >> 32 : wide >> count;
            cf = left ? ((wide >> (48 - count)) & 1) != 0 : ((wide >> (count - 1)) & 1) != 0;
        }
        uint res = (uint)r & mask;
        SetResultFlags(res, size, cf, ((res ^ dst) & sign) != 0);
        return res;
    }
}
