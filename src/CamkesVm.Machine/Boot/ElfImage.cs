using System.Buffers.Binary;

namespace CamkesVm.Machine.Boot;

/// <summary>
/// A 32-bit little-endian x86 ELF executable (System V ABI, "ELF Header" and "Program Header"; i386 supplement):
/// its entry point and loadable segments, validated against the file.
/// </summary>
public sealed class ElfImage
{
    private const uint PtLoad = 1;

    /// <summary>One PT_LOAD segment: file bytes copied to <see cref="PhysicalAddress"/>, zero-filled up to <see cref="MemorySize"/>.</summary>
    public readonly record struct Segment(uint PhysicalAddress, uint VirtualAddress, int FileOffset, uint FileSize, uint MemorySize);

    private ElfImage(uint entry, IReadOnlyList<Segment> segments)
    {
        Entry = entry;
        Segments = segments;
    }

    /// <summary>e_entry.</summary>
    public uint Entry { get; }

    /// <summary>The loadable segments in file order.</summary>
    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>True when <paramref name="image"/> starts with the ELF magic.</summary>
    public static bool IsElf(ReadOnlySpan<byte> image) =>
        image.Length >= 4 && image[0] == 0x7F && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F';

    /// <summary>Parses <paramref name="image"/>; <paramref name="name"/> names the file in errors.</summary>
    public static ElfImage Parse(ReadOnlySpan<byte> image, string name)
    {
        if (!IsElf(image) || image.Length < 52)
            throw new BootImageException($"{name}: not an ELF file");
        if (image[4] != 1)
            throw new BootImageException($"{name}: a 64-bit ELF; this VMM runs 32-bit guests only (build the kernel for i386)");
        if (image[5] != 1 || BinaryPrimitives.ReadUInt16LittleEndian(image[18..]) != 3)
            throw new BootImageException($"{name}: not a little-endian i386 ELF (e_machine must be EM_386)");
        if (BinaryPrimitives.ReadUInt16LittleEndian(image[16..]) != 2)
            throw new BootImageException($"{name}: not an executable ELF (ET_EXEC); link the kernel, don't pass an object file");
        uint entry = BinaryPrimitives.ReadUInt32LittleEndian(image[24..]);
        uint phoff = BinaryPrimitives.ReadUInt32LittleEndian(image[28..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(image[42..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(image[44..]);
        if (phentsize < 32 || (ulong)phoff + (ulong)phnum * (ulong)phentsize > (ulong)image.Length)
            throw new BootImageException($"{name}: truncated or corrupt ELF program header table");
        var segments = new List<Segment>();
        for (int i = 0; i < phnum; i++)
        {
            var ph = image.Slice((int)phoff + i * phentsize, 32);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != PtLoad) continue;
            var s = new Segment(
                PhysicalAddress: BinaryPrimitives.ReadUInt32LittleEndian(ph[12..]),
                VirtualAddress: BinaryPrimitives.ReadUInt32LittleEndian(ph[8..]),
                FileOffset: checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ph[4..])),
                FileSize: BinaryPrimitives.ReadUInt32LittleEndian(ph[16..]),
                MemorySize: BinaryPrimitives.ReadUInt32LittleEndian(ph[20..]));
            if ((ulong)s.FileOffset + s.FileSize > (ulong)image.Length || s.FileSize > s.MemorySize)
                throw new BootImageException($"{name}: segment {i} lies outside the file (truncated ELF?)");
            segments.Add(s);
        }
        if (segments.Count == 0)
            throw new BootImageException($"{name}: the ELF has no loadable (PT_LOAD) segment");
        return new ElfImage(entry, segments);
    }

    /// <summary>Copies every segment into guest RAM at its physical address; returns the highest address used.</summary>
    public uint Load(ReadOnlySpan<byte> image, Span<byte> ram, string name)
    {
        uint end = 0;
        foreach (var s in Segments)
        {
            if ((ulong)s.PhysicalAddress + s.MemorySize > (ulong)ram.Length)
                throw new BootImageException($"{name}: segment at 0x{s.PhysicalAddress:x} (0x{s.MemorySize:x} bytes) does not fit " +
                                             $"in {ram.Length >> 20} MiB of guest RAM; give the guest more memory");
            var dest = ram.Slice((int)s.PhysicalAddress, (int)s.MemorySize);
            image.Slice(s.FileOffset, (int)s.FileSize).CopyTo(dest);
            dest[(int)s.FileSize..].Clear();
            end = Math.Max(end, s.PhysicalAddress + s.MemorySize);
        }
        return end;
    }
}
