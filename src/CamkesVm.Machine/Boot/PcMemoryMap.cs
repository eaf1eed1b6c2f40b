namespace CamkesVm.Machine.Boot;

/// <summary>
/// Fixed guest-physical addresses of our PC machine. Guest RAM starts at 0; the loaders put their boot data
/// in conventional memory below the EBDA, the ACPI tables in the BIOS area, the kernel at 1 MiB.
/// </summary>
public static class PcMemoryMap
{
    /// <summary>The flat GDT the loaders build for a 32-bit entry.</summary>
    public const uint BootGdt = 0x0000_6000;
    /// <summary>Linux boot_params (the zero page) or the Multiboot information structure.</summary>
    public const uint BootInfo = 0x0000_7000;
    /// <summary>The kernel command line (and Multiboot module strings after it).</summary>
    public const uint CommandLine = 0x0002_0000;
    /// <summary>Largest command line the loaders accept, with its NUL.</summary>
    public const uint CommandLineMax = 0x0001_0000;
    /// <summary>Start of the extended BIOS data area: conventional RAM ends here.</summary>
    public const uint EbdaStart = 0x0009_FC00;
    /// <summary>The legacy VGA window.</summary>
    public const uint VgaStart = 0x000A_0000;
    /// <summary>The BIOS area where the ACPI tables live (Linux scans 0xE0000–0xFFFFF for the RSDP).</summary>
    public const uint BiosStart = 0x000E_0000;
    /// <summary>Extended memory; where a bzImage's protected-mode kernel is loaded.</summary>
    public const uint HighMemoryStart = 0x0010_0000;
    /// <summary>I/O APIC MMIO.</summary>
    public const uint IoApic = 0xFEC0_0000;
    /// <summary>Local APIC MMIO.</summary>
    public const uint LocalApic = 0xFEE0_0000;
}
