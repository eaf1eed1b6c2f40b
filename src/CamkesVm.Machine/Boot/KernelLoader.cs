using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Boot;

/// <summary>
/// Chooses the boot protocol from the kernel file as <c>qemu -kernel</c> does: a Multiboot header wins,
/// then a bzImage setup header, then an ELF (taken as a Linux vmlinux).
/// </summary>
public static class KernelLoader
{
    /// <summary>Loads <paramref name="kernel"/> with its initrd (Linux) or modules (Multiboot) into guest RAM.</summary>
    public static BootEntry Load(PhysicalMemory memory, BootFile kernel, BootFile? initrd, string commandLine,
                                 IReadOnlyList<(BootFile File, string Args)>? modules = null, uint rsdp = 0)
    {
        modules ??= [];
        if (MultibootLoader.FindHeader(kernel.Data) >= 0)
        {
            var all = initrd != null ? [(initrd, ""), .. modules] : modules;
            return MultibootLoader.Load(memory, kernel, commandLine, all);
        }
        if (modules.Count > 0)
            throw new BootImageException($"{kernel.Name} is not a Multiboot kernel: modules can only be passed to Multiboot kernels");
        if (kernel.Data.Length > 0x206 && kernel.Data[0x202] == (byte)'H' && kernel.Data[0x203] == (byte)'d')
            return LinuxLoader.LoadBzImage(memory, kernel, initrd, commandLine, rsdp);
        if (ElfImage.IsElf(kernel.Data))
            return LinuxLoader.LoadVmlinux(memory, kernel, initrd, commandLine, rsdp);
        throw new BootImageException($"{kernel.Name}: not a kernel this VMM can boot: neither a Multiboot kernel, " +
                                     "a Linux bzImage nor an ELF executable (is it compressed, or the wrong file?)");
    }
}
