using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// The instruction decoder: legacy prefixes, one- and two-byte opcodes, ModRM/SIB with 16- and 32-bit
/// addressing (Intel SDM Vol. 2, 2.1 and Tables 2-1/2-2/2-3), displacements and immediates.
/// An instruction longer than 15 bytes raises #GP(0) (SDM Vol. 2, 2.3.11).
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int MaxInstructionLength = 15;

    private void Decode(ref Insn d, uint eip)
    {
        bool big = Seg((int)SegReg.CS).Big;
        d.O32 = big;
        d.A32 = big;
        d.Rep = 0;
        d.Lock = false;
        d.SegOverride = false;
        d.Seg = (byte)SegReg.DS;
        int len = 0;
        int op;
        while (true)
        {
            if (len >= MaxInstructionLength) Fault(Vector.GP, 0);
            byte b = FetchByte(eip + (uint)len++);
            switch (b)
            {
                case 0x26: case 0x2E: case 0x36: case 0x3E:
                    d.Seg = (byte)((b >> 3) & 3); d.SegOverride = true; continue;
                case 0x64: case 0x65:
                    d.Seg = (byte)(b - 0x60); d.SegOverride = true; continue;
                case 0x66: d.O32 = !big; continue;
                case 0x67: d.A32 = !big; continue;
                case 0xF0: d.Lock = true; continue;
                case 0xF2: case 0xF3: d.Rep = b; continue;
            }
            op = b;
            break;
        }
        if (op == 0x0F)
        {
            if (len >= MaxInstructionLength) Fault(Vector.GP, 0);
            op = 0x100 | FetchByte(eip + (uint)len++);
        }
        d.Op = op;
        byte info = OpcodeTable.Info[op];
        if ((info & OpcodeTable.ModRM) != 0) len = DecodeModRM(ref d, eip, len);
        else d.Mod = 3;
        len = DecodeImmediate(ref d, eip, len, OpcodeTable.Imm(info));
        if (len > MaxInstructionLength) Fault(Vector.GP, 0);
        d.Len = (byte)len;
        ClassifyFast(ref d);
    }

    private int DecodeModRM(ref Insn d, uint eip, int len)
    {
        byte m = FetchByte(eip + (uint)len++);
        d.Mod = (byte)(m >> 6);
        d.Reg = (byte)((m >> 3) & 7);
        d.Rm = (byte)(m & 7);
        d.Disp = 0;
        d.Base = d.Index = -1;
        d.Scale = 0;
        if (d.Mod == 3) return len;
        return d.A32 ? DecodeAddress32(ref d, eip, len) : DecodeAddress16(ref d, eip, len);
    }

    private int DecodeAddress16(ref Insn d, uint eip, int len)
    {
        // BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP, BX (SDM Vol. 2, Table 2-1)
        switch (d.Rm)
        {
            case 0: d.Base = 3; d.Index = 6; break;
            case 1: d.Base = 3; d.Index = 7; break;
            case 2: d.Base = 5; d.Index = 6; break;
            case 3: d.Base = 5; d.Index = 7; break;
            case 4: d.Base = 6; break;
            case 5: d.Base = 7; break;
            case 6: d.Base = 5; break;
            default: d.Base = 3; break;
        }
        if (d.Mod == 0 && d.Rm == 6)
        {
            d.Base = -1;
            d.Disp = FetchWord(eip, ref len);
        }
        else if (d.Mod == 1) d.Disp = (uint)(sbyte)FetchByte(eip + (uint)len++);
        else if (d.Mod == 2) d.Disp = FetchWord(eip, ref len);
        if (d.Base == 5 && !d.SegOverride) d.Seg = (byte)SegReg.SS;
        return len;
    }

    private int DecodeAddress32(ref Insn d, uint eip, int len)
    {
        int rm = d.Rm;
        if (rm == 4)
        {
            byte sib = FetchByte(eip + (uint)len++);
            d.Scale = (byte)(sib >> 6);
            int index = (sib >> 3) & 7;
            d.Index = (sbyte)(index == 4 ? -1 : index);
            int b = sib & 7;
            d.Base = (sbyte)(b == 5 && d.Mod == 0 ? -1 : b);
            if (b == 5 && d.Mod == 0) d.Disp = FetchDword(eip, ref len);
        }
        else if (rm == 5 && d.Mod == 0)
        {
            d.Disp = FetchDword(eip, ref len);
        }
        else d.Base = (sbyte)rm;
        if (d.Mod == 1) d.Disp = (uint)(sbyte)FetchByte(eip + (uint)len++);
        else if (d.Mod == 2) d.Disp = FetchDword(eip, ref len);
        if ((d.Base == 4 || d.Base == 5) && !d.SegOverride) d.Seg = (byte)SegReg.SS;
        return len;
    }

    private int DecodeImmediate(ref Insn d, uint eip, int len, int kind)
    {
        switch (kind)
        {
            case OpcodeTable.ImmB: d.Imm = FetchByte(eip + (uint)len++); break;
            case OpcodeTable.ImmW: d.Imm = FetchWord(eip, ref len); break;
            case OpcodeTable.ImmZ: d.Imm = d.O32 ? FetchDword(eip, ref len) : FetchWord(eip, ref len); break;
            case OpcodeTable.ImmMoffs: d.Imm = d.A32 ? FetchDword(eip, ref len) : FetchWord(eip, ref len); break;
            case OpcodeTable.ImmFar:
                d.Imm = d.O32 ? FetchDword(eip, ref len) : FetchWord(eip, ref len);
                d.Imm2 = FetchWord(eip, ref len);
                break;
            case OpcodeTable.ImmWB:
                d.Imm = FetchWord(eip, ref len);
                d.Imm2 = FetchByte(eip + (uint)len++);
                break;
        }
        if (d.Op is 0xF6 or 0xF7 && d.Reg < 2)   // TEST Eb,Ib / Ev,Iz inside group 3
            d.Imm = d.Op == 0xF6 ? FetchByte(eip + (uint)len++)
                : d.O32 ? FetchDword(eip, ref len) : FetchWord(eip, ref len);
        return len;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint FetchWord(uint eip, ref int len)
    {
        uint v = FetchByte(eip + (uint)len) | ((uint)FetchByte(eip + (uint)len + 1) << 8);
        len += 2;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint FetchDword(uint eip, ref int len)
    {
        uint v = FetchWord(eip, ref len);
        return v | (FetchWord(eip, ref len) << 16);
    }

    /// <summary>Effective address (offset within the segment) of the memory operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint EffectiveAddress(ref Insn d)
    {
        uint ea = d.Disp;
        if (d.Base >= 0) ea += _r[d.Base];
        if (d.Index >= 0) ea += _r[d.Index] << d.Scale;
        return d.A32 ? ea : ea & 0xFFFF;
    }
}
