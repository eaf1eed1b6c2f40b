namespace CamkesVm.Machine.Acpi;

/// <summary>
/// The Multiple APIC Description Table, signature "APIC" (ACPI 6.x §5.2.12): the local APIC address with
/// PCAT_COMPAT (dual 8259s present), one enabled Processor Local APIC, one I/O APIC whose pins start at
/// GSI 0, the interrupt source overrides of a PC (ISA IRQ0, the PIT, on pin 2; the SCI on IRQ9 level /
/// active-high), and LINT1 of every processor as NMI, as PC firmware reports.
/// </summary>
internal static class Madt
{
    public const uint LocalApicAddress = 0xFEE0_0000, IoApicAddress = 0xFEC0_0000;
    public const byte ProcessorUid = 0, LocalApicId = 0, IoApicId = 0;
    private const uint PcatCompat = 1, LocalApicEnabled = 1;

    /// <summary>MPS INTI flags (ACPI 6.x Table 5.50): polarity bits 1:0 (01 high), trigger mode bits 3:2 (01 edge, 11 level).</summary>
    public const ushort EdgeActiveHigh = 0x0005, LevelActiveHigh = 0x000D;

    private enum EntryType : byte
    {
        ProcessorLocalApic = 0,
        IoApic = 1,
        InterruptSourceOverride = 2,
        LocalApicNmi = 4,
    }

    public static byte[] Build()
    {
        var t = AcpiTableBuilder.Table("APIC", 4).U32(LocalApicAddress).U32(PcatCompat);
        t.U8((byte)EntryType.ProcessorLocalApic).U8(8).U8(ProcessorUid).U8(LocalApicId).U32(LocalApicEnabled);
        t.U8((byte)EntryType.IoApic).U8(12).U8(IoApicId).U8(0).U32(IoApicAddress).U32(0);
        Override(t, isaIrq: 0, gsi: 2, EdgeActiveHigh);
        Override(t, isaIrq: Devices.AcpiPm.SciIrq, gsi: Devices.AcpiPm.SciIrq, LevelActiveHigh);
        t.U8((byte)EntryType.LocalApicNmi).U8(6).U8(0xFF).U16(0).U8(1); // all processors, flags conform, LINT1
        return t.Finish();
    }

    private static void Override(AcpiTableBuilder t, byte isaIrq, uint gsi, ushort flags) =>
        t.U8((byte)EntryType.InterruptSourceOverride).U8(10).U8(0).U8(isaIrq).U32(gsi).U16(flags);
}
