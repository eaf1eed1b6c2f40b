namespace CamkesVm.Machine.Acpi;

/// <summary>
/// The Differentiated System Description Table: a header and AML (ACPI 6.x §5.2.11.1, AML grammar §20).
/// Ours defines the soft-off sleep object so that Linux's ACPI power-off works, and the PCI root bridge
/// (<see cref="PciRootBridgeAml"/>) so that an ACPI kernel scans PCI and knows how its interrupts are routed.
/// </summary>
internal static class Dsdt
{
    /// <summary>
    /// <c>Name (\_S5, Package (4) { 5, 5, 0, 0 })</c>, hand-encoded:
    /// <list type="bullet">
    /// <item>0x08 NameOp, then the NameString "_S5_" (a NameSeg is 4 characters, padded with '_'), in the
    /// root scope since the DSDT's TermList is evaluated there;</item>
    /// <item>0x12 PackageOp, PkgLength 0x08 (one-byte form: bits 7:6 = 0, it counts itself, NumElements and the
    /// six element bytes), NumElements 0x04;</item>
    /// <item>0x0A 0x05 BytePrefix 5 = SLP_TYPa, 0x0A 0x05 BytePrefix 5 = SLP_TYPb (written to PM1a/PM1b_CNT.SLP_TYP),
    /// then 0x00 0x00 ZeroOp twice (reserved elements).</item>
    /// </list>
    /// SLP_TYPa must equal <see cref="Devices.AcpiPm.SoftOffSleepType"/>.
    /// </summary>
    public static ReadOnlySpan<byte> SoftOffAml =>
    [
        0x08, (byte)'_', (byte)'S', (byte)'5', (byte)'_',
        0x12, 0x08, 0x04,
        0x0A, 0x05,
        0x0A, 0x05,
        0x00,
        0x00,
    ];

    /// <summary>The table; revision 2 means 64-bit AML integers.</summary>
    public static byte[] Build(AcpiPlatform platform) =>
        AcpiTableBuilder.Table("DSDT", 2).Bytes(SoftOffAml).Bytes(PciRootBridgeAml.Build(platform)).Finish();
}
