namespace CamkesVm.Machine.Acpi;

/// <summary>A PCI interrupt route for the DSDT's <c>_PRT</c>: device on bus 0, INTx pin (0 = INTA) and the GSI it drives.</summary>
public readonly record struct PciInterruptRoute(int Device, int Pin, uint Gsi);

/// <summary>
/// What the ACPI tables describe that depends on the machine: the top of RAM (PCI memory starts above it) and
/// the interrupt routes of the PCI devices plugged in.
/// </summary>
public sealed record AcpiPlatform(uint RamTop, IReadOnlyList<PciInterruptRoute> PciRoutes)
{
    /// <summary>Where the PCI memory window ends: below the IO-APIC at 0xFEC00000.</summary>
    public const uint PciMemoryEnd = 0xFEBF_FFFF;

    /// <summary>Start of the PCI memory window: the first 1 MiB boundary at or above the top of RAM.</summary>
    public uint PciMemoryStart => (uint)(((ulong)RamTop + 0xF_FFFF) & ~0xF_FFFFUL);
}
