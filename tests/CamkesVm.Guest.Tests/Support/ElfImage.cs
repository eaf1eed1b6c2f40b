namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// The few ELF facts the guest needs checked (System V ABI, "ELF Header" and "Program Header"):
/// e_ident[EI_CLASS] = 1 (ELFCLASS32), e_machine = 3 (EM_386), and no PT_INTERP (3) segment, i.e.
/// a statically linked program that runs without a C library in the rootfs.
/// </summary>
public sealed class ElfImage
{
    private const uint PtInterp = 3;

    public bool Is32Bit { get; }
    public ushort Machine { get; }
    public bool HasInterpreter { get; }

    private ElfImage(bool is32Bit, ushort machine, bool hasInterpreter)
    {
        Is32Bit = is32Bit;
        Machine = machine;
        HasInterpreter = hasInterpreter;
    }

    public bool IsStaticI386 => Is32Bit && Machine == 3 && !HasInterpreter;

    public static ElfImage Parse(byte[] image)
    {
        if (image.Length < 52 || image[0] != 0x7F || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file (no \\x7fELF magic)");
        }
        var is32 = image[4] == 1;
        var machine = BitConverter.ToUInt16(image, 18);
        if (!is32)
        {
            return new ElfImage(false, machine, false);
        }
        var phoff = BitConverter.ToUInt32(image, 28);
        var phentsize = BitConverter.ToUInt16(image, 42);
        var phnum = BitConverter.ToUInt16(image, 44);
        var interp = Enumerable.Range(0, phnum)
            .Any(i => BitConverter.ToUInt32(image, (int)phoff + (i * phentsize)) == PtInterp);
        return new ElfImage(true, machine, interp);
    }
}
