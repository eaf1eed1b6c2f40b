using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>Register-operand access at 8/16/32-bit sizes (AL..BH map to bytes 0/1 of EAX..EBX).</summary>
public sealed unsafe partial class Cpu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint GetReg8(int r) => ((byte*)_r)[((r & 3) << 2) + (r >> 2)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetReg8(int r, uint v) => ((byte*)_r)[((r & 3) << 2) + (r >> 2)] = (byte)v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint GetReg(int r, int size) => size switch
    {
        4 => _r[r],
        2 => *(ushort*)(_r + r),
        _ => GetReg8(r),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetReg(int r, uint v, int size)
    {
        if (size == 4) _r[r] = v;
        else if (size == 2) *(ushort*)(_r + r) = (ushort)v;
        else SetReg8(r, v);
    }

    /// <summary>Reads the ModRM r/m operand (register or memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadRm(ref Insn d, int size) =>
        d.IsReg ? GetReg(d.Rm, size) : ReadMem(d.Seg, EffectiveAddress(ref d), size);

    /// <summary>Writes the ModRM r/m operand (register or memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteRm(ref Insn d, uint v, int size)
    {
        if (d.IsReg) SetReg(d.Rm, v, size);
        else WriteMem(d.Seg, EffectiveAddress(ref d), v, size);
    }

    /// <summary>For read-modify-write memory operands: checks the write up front and returns the linear address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint RmwLinear(ref Insn d, int size)
    {
        uint lin = WriteLinear(d.Seg, EffectiveAddress(ref d), size);
        ProbeWrite(lin, size);
        return lin;
    }
}
