using System.Buffers.Binary;

namespace CamkesVm.Machine.Tests.Support;

/// <summary>Writes a minimal ELF32 i386 executable with one PT_LOAD segment, field by field from the System V ABI.</summary>
internal static class ElfBuilder
{
    public static byte[] Build(uint paddr, uint entry, byte[] code, uint memSize, byte elfClass = 1, ushort machine = 3)
    {
        const int ehsize = 52, phsize = 32;
        var f = new byte[ehsize + phsize + code.Length];
        f[0] = 0x7F; f[1] = (byte)'E'; f[2] = (byte)'L'; f[3] = (byte)'F';
        f[4] = elfClass; f[5] = 1; f[6] = 1;
        var s = f.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 2);        // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], machine);  // EM_386
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], entry);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], ehsize);   // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(s[40..], ehsize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[42..], phsize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[44..], 1);
        var ph = s[ehsize..];
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);                      // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], ehsize + phsize);   // p_offset
        BinaryPrimitives.WriteUInt32LittleEndian(ph[8..], paddr + 0xC000_0000); // p_vaddr (like a kernel)
        BinaryPrimitives.WriteUInt32LittleEndian(ph[12..], paddr);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[16..], (uint)code.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[20..], memSize);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[24..], 5);
        code.CopyTo(s[(ehsize + phsize)..]);
        return f;
    }
}
