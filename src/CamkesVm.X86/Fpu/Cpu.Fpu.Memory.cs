using System.Buffers.Binary;
using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Multi-byte x87 memory operands (m64fp, m64int, m80fp, m80bcd, the 14/28-byte environment and the
/// 94/108-byte save area). The whole range is checked against the segment and, for stores, probed through
/// the MMU before anything is written, so a #GP/#SS/#PF leaves memory and the FPU unchanged (Intel SDM
/// Vol. 2, FSAVE/FRSTOR: the instruction faults before modifying state). Accesses are made as dword pieces.
/// </summary>
public sealed unsafe partial class Cpu
{
    private void ReadFpuBytes(int seg, uint offset, Span<byte> into)
    {
        uint lin = ReadLinear(seg, offset, into.Length);
        int i = 0;
        for (; i + 4 <= into.Length; i += 4) BinaryPrimitives.WriteUInt32LittleEndian(into[i..], ReadLin32(lin + (uint)i));
        if (i + 2 <= into.Length) { BinaryPrimitives.WriteUInt16LittleEndian(into[i..], ReadLin16(lin + (uint)i)); i += 2; }
        if (i < into.Length) into[i] = ReadLin8(lin + (uint)i);
    }

    /// <summary>Checks the segment and both ends of the range for writing; returns the linear address.</summary>
    private uint ProbeFpuWrite(int seg, uint offset, int size)
    {
        uint lin = WriteLinear(seg, offset, size);
        ProbeWrite(lin, 1);
        ProbeWrite(lin + (uint)size - 1, 1);
        return lin;
    }

    private void WriteFpuBytes(uint lin, ReadOnlySpan<byte> from)
    {
        int i = 0;
        for (; i + 4 <= from.Length; i += 4) WriteLin32(lin + (uint)i, BinaryPrimitives.ReadUInt32LittleEndian(from[i..]));
        if (i + 2 <= from.Length) { WriteLin16(lin + (uint)i, BinaryPrimitives.ReadUInt16LittleEndian(from[i..])); i += 2; }
        if (i < from.Length) WriteLin8(lin + (uint)i, from[i]);
    }

    private ulong ReadFpu64(int seg, uint offset)
    {
        Span<byte> b = stackalloc byte[8];
        ReadFpuBytes(seg, offset, b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    private Float80 ReadFpu80(int seg, uint offset)
    {
        Span<byte> b = stackalloc byte[10];
        ReadFpuBytes(seg, offset, b);
        return DecodeFloat80(b);
    }

    private static Float80 DecodeFloat80(ReadOnlySpan<byte> b) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(b), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));

    private static void EncodeFloat80(Span<byte> b, Float80 v)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b, v.Significand);
        BinaryPrimitives.WriteUInt16LittleEndian(b[8..], v.SignExponent);
    }

    private void WriteFpuValue(uint lin, ulong value, int size)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        WriteFpuBytes(lin, b[..size]);
    }

    private void WriteFpu80(uint lin, Float80 v)
    {
        Span<byte> b = stackalloc byte[10];
        EncodeFloat80(b, v);
        WriteFpuBytes(lin, b);
    }
}
