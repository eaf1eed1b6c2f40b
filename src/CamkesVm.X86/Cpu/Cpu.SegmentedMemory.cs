using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Logical-address accesses: segment type and limit checks from the descriptor cache (Intel SDM Vol. 3A,
/// 5.3 and 5.4), then the linear access. A violation raises #SS(0) for SS and #GP(0) otherwise.
/// </summary>
public sealed unsafe partial class Cpu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadLinear(int seg, uint offset, int size)
    {
        ref var s = ref Seg(seg);
        if (!s.CanReadAt(offset, size)) SegmentViolation(seg);
        return s.Base + offset;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint WriteLinear(int seg, uint offset, int size)
    {
        ref var s = ref Seg(seg);
        if (!s.CanWriteAt(offset, size)) SegmentViolation(seg);
        return s.Base + offset;
    }

    /// <summary>
    /// Host address for a data read that needs nothing beyond the checks here (segment rights and limit, a TLB
    /// hit, within one page), else null: then the caller takes the full path, which faults or goes slow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* ReadPointer(int seg, uint offset, int size)
    {
        ref var s = ref Seg(seg);
        if (!s.CanReadAt(offset, size)) return null;
        uint lin = s.Base + offset;
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        return _tlbReadTag[i] == ((lin + (uint)size - 1) & 0xFFFF_F000) ? (byte*)(_tlbAddend[i] + (nint)lin) : null;
    }

    /// <summary>Like <see cref="ReadPointer"/> for a data write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* WritePointer(int seg, uint offset, int size)
    {
        ref var s = ref Seg(seg);
        if (!s.CanWriteAt(offset, size)) return null;
        uint lin = s.Base + offset;
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        return _tlbWriteTag[i] == ((lin + (uint)size - 1) & 0xFFFF_F000) ? (byte*)(_tlbAddend[i] + (nint)lin) : null;
    }

    private void SegmentViolation(int seg) => Fault(seg == (int)SegReg.SS ? Vector.SS : Vector.GP, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadMem(int seg, uint offset, int size) => ReadLin(ReadLinear(seg, offset, size), size);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteMem(int seg, uint offset, uint value, int size) =>
        WriteLin(WriteLinear(seg, offset, size), value, size);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadMem8(int seg, uint offset) => ReadLin8(ReadLinear(seg, offset, 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadMem16(int seg, uint offset) => ReadLin16(ReadLinear(seg, offset, 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadMem32(int seg, uint offset) => ReadLin32(ReadLinear(seg, offset, 4));

    // ---- stack ----------------------------------------------------------------------------------

    private bool StackIs32 => Seg((int)SegReg.SS).Big;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(uint value, int size)
    {
        uint esp = _r[4];
        if (StackIs32)
        {
            uint sp = esp - (uint)size;
            WriteMem((int)SegReg.SS, sp, value, size);
            _r[4] = sp;
        }
        else
        {
            uint sp = (esp - (uint)size) & 0xFFFF;
            WriteMem((int)SegReg.SS, sp, value, size);
            _r[4] = (esp & 0xFFFF_0000) | sp;
        }
    }

    /// <summary>Reads the value <paramref name="depth"/> bytes above the top of the stack without popping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint PeekStack(int size, uint depth = 0)
    {
        uint sp = _r[4] + depth;
        if (!StackIs32) sp &= 0xFFFF;
        return ReadMem((int)SegReg.SS, sp, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AdjustStack(int bytes)
    {
        if (StackIs32) _r[4] += (uint)bytes;
        else _r[4] = (_r[4] & 0xFFFF_0000) | ((_r[4] + (uint)bytes) & 0xFFFF);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Pop(int size)
    {
        uint v = PeekStack(size);
        AdjustStack(size);
        return v;
    }
}
