using System.Buffers.Binary;
using System.Text;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Boot;

/// <summary>
/// Loads a Multiboot (version 0.6.96) kernel as <c>qemu -kernel</c> does: the header in the first 8 KiB,
/// an ELF kernel or the a.out kludge (header flag 16), modules page-aligned after the kernel, and the
/// Multiboot information structure with memory sizes, command line, modules and memory map.
/// Entry: EAX = 0x2BADB002, EBX = the information structure (spec §3.2).
/// </summary>
public static class MultibootLoader
{
    /// <summary>Header and boot-loader magic numbers.</summary>
    public const uint HeaderMagic = 0x1BAD_B002, BootloaderMagic = 0x2BAD_B002;

    private const uint FlagPageAlign = 1, FlagMemoryInfo = 2, FlagVideo = 4, FlagAddresses = 1 << 16;
    private const uint InfoMemory = 1, InfoCmdline = 4, InfoMods = 8, InfoMmap = 64, InfoLoaderName = 512;

    /// <summary>Offset of the Multiboot header in <paramref name="image"/>, or -1.</summary>
    public static int FindHeader(ReadOnlySpan<byte> image)
    {
        int limit = Math.Min(image.Length - 12, 8192 - 12);
        for (int off = 0; off <= limit; off += 4)
        {
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(image[off..]);
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(image[(off + 4)..]);
            uint sum = BinaryPrimitives.ReadUInt32LittleEndian(image[(off + 8)..]);
            if (magic == HeaderMagic && magic + flags + sum == 0) return off;
        }
        return -1;
    }

    /// <summary>Loads the kernel and modules; returns the entry state.</summary>
    public static BootEntry Load(PhysicalMemory memory, BootFile kernel, string commandLine, IReadOnlyList<(BootFile File, string Args)> modules)
    {
        var image = kernel.Data.AsSpan();
        int hdr = FindHeader(image);
        if (hdr < 0) throw new BootImageException($"{kernel.Name}: no Multiboot header in the first 8 KiB");
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(image[(hdr + 4)..]);
        var notes = new List<string>();
        if ((flags & 0xFFFF & ~(FlagPageAlign | FlagMemoryInfo | FlagVideo)) != 0)
            throw new BootImageException($"{kernel.Name}: Multiboot header asks for features 0x{flags & 0xFFFF:x} this loader does not know");
        if ((flags & FlagVideo) != 0) notes.Add("kernel asks for a video mode: there is no display, ignored");

        (uint entry, uint end) = (flags & FlagAddresses) != 0
            ? LoadAout(memory, kernel, hdr)
            : LoadElf(memory, kernel);
        notes.Add($"multiboot kernel {kernel.Name}: entry 0x{entry:x}, loaded up to 0x{end:x}");

        var strings = new StringArea(memory, PcMemoryMap.CommandLine);
        uint cmdline = strings.Add(commandLine);
        uint next = Align(end);
        var modTable = new byte[modules.Count * 16];
        for (int i = 0; i < modules.Count; i++)
        {
            var (file, args) = modules[i];
            if ((ulong)next + (ulong)file.Data.Length > memory.RamSize)
                throw new BootImageException($"module {file.Name} ({file.Data.Length} bytes) does not fit in guest RAM at 0x{next:x}; give the guest more memory");
            memory.Write(next, file.Data);
            var m = modTable.AsSpan(i * 16);
            BinaryPrimitives.WriteUInt32LittleEndian(m, next);
            BinaryPrimitives.WriteUInt32LittleEndian(m[4..], next + (uint)file.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(m[8..], strings.Add(args.Length > 0 ? $"{file.Name} {args}" : file.Name));
            notes.Add($"module {file.Name}: {file.Data.Length} bytes at 0x{next:x}");
            next = Align(next + (uint)file.Data.Length);
        }
        uint loaderName = strings.Add("camkes-vm");
        WriteInfo(memory, cmdline, loaderName, modTable, modules.Count, strings);
        return new BootEntry(entry, Eax: BootloaderMagic, Ebx: PcMemoryMap.BootInfo) { Notes = notes };
    }

    private static (uint Entry, uint End) LoadElf(PhysicalMemory memory, BootFile kernel)
    {
        var elf = ElfImage.Parse(kernel.Data, kernel.Name);
        return (elf.Entry, elf.Load(kernel.Data, memory.RamSpan, kernel.Name));
    }

    /// <summary>The a.out kludge (spec §3.1.3): header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr.</summary>
    private static (uint Entry, uint End) LoadAout(PhysicalMemory memory, BootFile kernel, int hdr)
    {
        var h = kernel.Data.AsSpan(hdr);
        if (h.Length < 32) throw new BootImageException($"{kernel.Name}: Multiboot header truncated");
        uint headerAddr = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]);
        uint loadAddr = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
        uint loadEnd = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
        uint bssEnd = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
        uint entry = BinaryPrimitives.ReadUInt32LittleEndian(h[28..]);
        long fileStart = hdr - (long)(headerAddr - loadAddr);
        long length = loadEnd == 0 ? kernel.Data.Length - fileStart : loadEnd - loadAddr;
        if (headerAddr < loadAddr || fileStart < 0 || length < 0 || fileStart + length > kernel.Data.Length)
            throw new BootImageException($"{kernel.Name}: inconsistent Multiboot address fields (header 0x{headerAddr:x}, load 0x{loadAddr:x}..0x{loadEnd:x})");
        uint end = Math.Max(loadAddr + (uint)length, bssEnd);
        if (end > memory.RamSize)
            throw new BootImageException($"{kernel.Name}: loads up to 0x{end:x}, beyond the guest's {memory.RamSize >> 20} MiB of RAM");
        memory.Write(loadAddr, kernel.Data.AsSpan((int)fileStart, (int)length));
        if (bssEnd > loadAddr + length) memory.RamSpan[(int)(loadAddr + length)..(int)bssEnd].Clear();
        return (entry, end);
    }

    private static void WriteInfo(PhysicalMemory memory, uint cmdline, uint loaderName, byte[] modTable, int modCount, StringArea strings)
    {
        var e820 = E820Map.ForPc(memory.RamSize);
        uint modsAt = strings.AddBytes(modTable);
        var mmap = new byte[e820.Entries.Count * 24];
        for (int i = 0; i < e820.Entries.Count; i++)
        {
            var (a, s, t) = e820.Entries[i];
            var m = mmap.AsSpan(i * 24);
            BinaryPrimitives.WriteUInt32LittleEndian(m, 20);
            BinaryPrimitives.WriteUInt64LittleEndian(m[4..], a);
            BinaryPrimitives.WriteUInt64LittleEndian(m[12..], s);
            BinaryPrimitives.WriteUInt32LittleEndian(m[20..], t);
        }
        uint mmapAt = strings.AddBytes(mmap);
        var info = new byte[88];
        var w = info.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(w, InfoMemory | InfoCmdline | InfoMods | InfoMmap | InfoLoaderName);
        BinaryPrimitives.WriteUInt32LittleEndian(w[4..], PcMemoryMap.EbdaStart / 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(w[8..], (memory.RamSize - PcMemoryMap.HighMemoryStart) / 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(w[16..], cmdline);
        BinaryPrimitives.WriteUInt32LittleEndian(w[20..], (uint)modCount);
        BinaryPrimitives.WriteUInt32LittleEndian(w[24..], modsAt);
        BinaryPrimitives.WriteUInt32LittleEndian(w[44..], (uint)mmap.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(w[48..], mmapAt);
        BinaryPrimitives.WriteUInt32LittleEndian(w[64..], loaderName);
        memory.Write(PcMemoryMap.BootInfo, info);
    }

    private static uint Align(uint a) => (a + 0xFFF) & ~0xFFFu;

    /// <summary>NUL-terminated strings and tables packed after one another in low memory.</summary>
    private sealed class StringArea(PhysicalMemory memory, uint start)
    {
        private readonly uint _end = start + PcMemoryMap.CommandLineMax;
        private uint _next = start;

        public uint Add(string s) => AddBytes([.. Encoding.UTF8.GetBytes(s), 0]);

        public uint AddBytes(byte[] bytes)
        {
            uint at = _next;
            if (at + bytes.Length > _end)
                throw new BootImageException("the Multiboot command lines and tables exceed 64 KiB; shorten the module arguments");
            memory.Write(at, bytes);
            _next = (at + (uint)bytes.Length + 3) & ~3u;
            return at;
        }
    }
}
