using System.Buffers.Binary;
using System.Text;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Boot;

/// <summary>
/// Loads Linux through the 32-bit boot protocol (Documentation/arch/x86/boot.rst; zero-page.rst): a bzImage's
/// protected-mode part at <c>code32_start</c> (1 MiB), or an ELF vmlinux at its physical addresses; the zero
/// page with the copied setup header, <c>type_of_loader</c> 0xFF, command line, initrd and E820 map; entry
/// with ESI = boot_params.
/// </summary>
public static class LinuxLoader
{
    private const int ZeroPageSize = 4096;
    private const int AcpiRsdpAddrOffset = 0x070, AltMemKOffset = 0x1E0, E820EntriesOffset = 0x1E8, E820TableOffset = 0x2D0;
    private const int MaxE820Entries = 128;

    /// <summary>Loads a bzImage; returns the entry state.</summary>
    public static BootEntry LoadBzImage(PhysicalMemory memory, BootFile kernel, BootFile? initrd, string commandLine, uint rsdp = 0)
    {
        var header = LinuxSetupHeader.Parse(kernel.Data, kernel.Name);
        var ram = memory.RamSpan;
        var payload = kernel.Data.AsSpan(header.KernelOffset);
        uint load = header.Code32Start;
        RequireRam(ram.Length, header.KernelEnd, $"{kernel.Name} (decompresses up to 0x{header.KernelEnd:x})");
        payload.CopyTo(ram[(int)load..]);

        var zero = new byte[ZeroPageSize];
        kernel.Data.AsSpan(LinuxSetupHeader.SetupSectsOffset, header.HeaderEnd - LinuxSetupHeader.SetupSectsOffset)
            .CopyTo(zero.AsSpan(LinuxSetupHeader.SetupSectsOffset));
        var notes = new List<string> { $"kernel {kernel.Name}: boot protocol {header.Version >> 8}.{header.Version & 0xFF:D2}, " +
                                       $"{payload.Length} bytes at 0x{load:x}" };
        FillCommon(memory, zero, header.CmdlineSize, header.InitrdAddrMax, header.KernelEnd, initrd, commandLine, rsdp, notes);
        memory.Write(PcMemoryMap.BootInfo, zero);
        return new BootEntry(load, Esi: PcMemoryMap.BootInfo) { Notes = notes };
    }

    /// <summary>Loads an ELF vmlinux (its entry is the physical <c>startup_32</c>); returns the entry state.</summary>
    public static BootEntry LoadVmlinux(PhysicalMemory memory, BootFile kernel, BootFile? initrd, string commandLine, uint rsdp = 0)
    {
        var elf = ElfImage.Parse(kernel.Data, kernel.Name);
        uint end = elf.Load(kernel.Data, memory.RamSpan, kernel.Name);
        var zero = new byte[ZeroPageSize];
        BinaryPrimitives.WriteUInt16LittleEndian(zero.AsSpan(LinuxSetupHeader.BootFlagOffset), 0xAA55);
        BinaryPrimitives.WriteUInt32LittleEndian(zero.AsSpan(LinuxSetupHeader.MagicOffset), 0x5372_6448);
        BinaryPrimitives.WriteUInt16LittleEndian(zero.AsSpan(LinuxSetupHeader.VersionOffset), 0x020F);
        zero[LinuxSetupHeader.LoadFlagsOffset] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(zero.AsSpan(LinuxSetupHeader.Code32StartOffset), elf.Entry);
        // The kernel's bss and early page tables live past the image: keep the initrd clear of another 16 MiB.
        ulong kernelEnd = (ulong)end + (16u << 20);
        var notes = new List<string> { $"kernel {kernel.Name}: ELF vmlinux, entry 0x{elf.Entry:x}, loaded up to 0x{end:x}" };
        FillCommon(memory, zero, 2047, 0x7FFF_FFFF, kernelEnd, initrd, commandLine, rsdp, notes);
        memory.Write(PcMemoryMap.BootInfo, zero);
        return new BootEntry(elf.Entry, Esi: PcMemoryMap.BootInfo) { Notes = notes };
    }

    private static void FillCommon(PhysicalMemory memory, byte[] zero, uint cmdlineSize, uint initrdMax, ulong kernelEnd,
                                   BootFile? initrd, string commandLine, uint rsdp, List<string> notes)
    {
        var z = zero.AsSpan();
        z[LinuxSetupHeader.TypeOfLoaderOffset] = 0xFF;
        WriteCommandLine(memory, commandLine, Math.Min(cmdlineSize, PcMemoryMap.CommandLineMax - 1));
        BinaryPrimitives.WriteUInt32LittleEndian(z[LinuxSetupHeader.CmdLinePtrOffset..], PcMemoryMap.CommandLine);
        if (initrd != null)
        {
            uint at = PlaceInitrd(memory.RamSize, initrdMax, kernelEnd, initrd);
            initrd.Data.CopyTo(memory.RamSpan[(int)at..]);
            BinaryPrimitives.WriteUInt32LittleEndian(z[LinuxSetupHeader.RamdiskImageOffset..], at);
            BinaryPrimitives.WriteUInt32LittleEndian(z[LinuxSetupHeader.RamdiskSizeOffset..], (uint)initrd.Data.Length);
            notes.Add($"initrd {initrd.Name}: {initrd.Data.Length} bytes at 0x{at:x}");
        }
        var e820 = E820Map.ForPc(memory.RamSize);
        z[E820EntriesOffset] = (byte)e820.WriteTo(z.Slice(E820TableOffset, MaxE820Entries * 20));
        BinaryPrimitives.WriteUInt32LittleEndian(z[AltMemKOffset..], (memory.RamSize - PcMemoryMap.HighMemoryStart) / 1024);
        if (rsdp != 0) BinaryPrimitives.WriteUInt64LittleEndian(z[AcpiRsdpAddrOffset..], rsdp);
        notes.Add($"command line at 0x{PcMemoryMap.CommandLine:x}: {commandLine}");
    }

    private static void WriteCommandLine(PhysicalMemory memory, string commandLine, uint max)
    {
        var bytes = Encoding.ASCII.GetBytes(commandLine);
        if (bytes.Length > max)
            throw new BootImageException($"the kernel command line is {bytes.Length} bytes; this kernel accepts at most {max}");
        memory.Write(PcMemoryMap.CommandLine, bytes);
        memory.WriteByte(PcMemoryMap.CommandLine + (uint)bytes.Length, 0);
    }

    /// <summary>The initrd goes as high as the kernel allows (as GRUB and QEMU do), page-aligned, above the kernel.</summary>
    private static uint PlaceInitrd(uint ramSize, uint initrdMax, ulong kernelEnd, BootFile initrd)
    {
        ulong top = Math.Min((ulong)ramSize, (ulong)initrdMax + 1);
        ulong size = (ulong)initrd.Data.Length;
        ulong at = size > top ? 0 : (top - size) & ~0xFFFUL;
        if (at < kernelEnd)
            throw new BootImageException(
                $"{initrd.Name} ({Mib(size)} MiB) does not fit in guest RAM above the kernel, which needs up to {Mib(kernelEnd)} MiB; " +
                $"the guest has {ramSize >> 20} MiB: give it at least {Mib(kernelEnd + size) + 1} MiB (--memory)");
        return (uint)at;
    }

    private static void RequireRam(int ramBytes, ulong needed, string what)
    {
        if ((ulong)ramBytes < needed)
            throw new BootImageException($"{what} needs at least {Mib(needed) + 1} MiB of guest RAM; the guest has {ramBytes >> 20} MiB (--memory)");
    }

    private static ulong Mib(ulong bytes) => (bytes + (1 << 20) - 1) >> 20;
}
