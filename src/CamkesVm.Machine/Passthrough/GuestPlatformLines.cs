namespace CamkesVm.Machine.Passthrough;

/// <summary>
/// The guest PIC lines the VMM's own devices use (PcMachine.Platform.cs), which a passthrough irqs entry must
/// not take as its <c>dest</c>: PIT 0, the slave 8259's cascade 2, COM1 4, RTC 8, the ACPI SCI 9 and the
/// x87 FPU error line 13.
/// </summary>
public static class GuestPlatformLines
{
    /// <summary>Line and owner, in line order.</summary>
    public static IReadOnlyList<(int Line, string Owner)> All { get; } =
    [
        (0, "the PIT (8254 timer)"), (2, "the cascade to the slave 8259"), (4, "COM1 (16550A serial console)"),
        (8, "the RTC (MC146818)"), (Devices.AcpiPm.SciIrq, "the ACPI SCI"), (13, "the x87 FPU error line"),
    ];

    /// <summary>The owner of guest line <paramref name="line"/>, or null when it is free for passthrough.</summary>
    public static string? OwnerOf(int line) => All.FirstOrDefault(l => l.Line == line).Owner;
}
