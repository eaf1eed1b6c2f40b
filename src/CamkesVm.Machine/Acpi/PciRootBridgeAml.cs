namespace CamkesVm.Machine.Acpi;

/// <summary>
/// The PCI host bridge in the ACPI namespace, <c>\_SB.PCI0</c> (ACPI 6.4 §6.1.5 _HID PNP0A03, §6.2.2 _CRS,
/// §6.2.13 _PRT; PCI Firmware Specification 3.2 §4.1). Without it a kernel that uses ACPI finds no PCI root
/// bridge and never scans bus 0. <c>_CRS</c> claims the configuration ports 0xCF8–0xCFF, forwards the other I/O
/// ports and the memory between the top of RAM and the IO-APIC.
/// <para>
/// Interrupts: the machine drives its lines 0–15 active-high (as the PIIX's PIRQ router does for PCI INTx), so
/// each line a PCI device uses gets an interrupt link device <c>\_SB.LKxx</c> (PNP0C0F, §6.2.13) whose only
/// possible and current setting is <c>IRQ (Level, ActiveHigh, Shared) {line}</c>, and <c>_PRT</c> points the
/// device's pin at it. A static GSI in <c>_PRT</c> would mean level active-low, which the IO-APIC would then see
/// as always asserted. The result is the same routing in PIC and in IO-APIC mode.
/// </para>
/// </summary>
internal static class PciRootBridgeAml
{
    public static byte[] Build(AcpiPlatform platform)
    {
        var lines = platform.PciRoutes.Select(r => r.Line).Distinct().Order().ToArray();
        return Aml.Scope("\\_SB",
        [
            .. lines.Select(Link),
            Aml.Device("PCI0",
                Aml.Name("_HID", Aml.EisaId("PNP0A03")),
                Aml.Name("_UID", Aml.Integer(0)),
                Aml.Name("_CRS", Aml.Buffer(Resources(platform))),
                Aml.Name("_PRT", Aml.Package([.. platform.PciRoutes.Select(Route)]))),
        ]);
    }

    private static string LinkName(int line) => $"LK{line:X2}";

    /// <summary>A link device fixed at <paramref name="line"/>; <c>_SRS</c> accepts (and ignores) Linux's setting.</summary>
    private static byte[] Link(int line)
    {
        var irq = Aml.Buffer([.. AmlResources.LevelHighSharedIrq(line), .. AmlResources.EndTag]);
        return Aml.Device(LinkName(line),
            Aml.Name("_HID", Aml.EisaId("PNP0C0F")),
            Aml.Name("_UID", Aml.Integer((uint)line)),
            Aml.Name("_PRS", irq),
            Aml.Name("_CRS", irq),
            Aml.Method("_SRS", 1));
    }

    private static byte[] Resources(AcpiPlatform platform) =>
    [
        .. AmlResources.BusNumbers(0, 0xFF),
        .. AmlResources.FixedIo(0xCF8, 8),
        .. AmlResources.IoWindow(0x0000, 0x0CF7),
        .. AmlResources.IoWindow(0x0D00, 0xFFFF),
        .. AmlResources.MemoryWindow(platform.PciMemoryStart, AcpiPlatform.PciMemoryEnd),
        .. AmlResources.EndTag,
    ];

    /// <summary><c>Package () { 0xDDDDFFFF, pin, \_SB.LKxx, 0 }</c>: any function of device DDDD.</summary>
    private static byte[] Route(PciInterruptRoute r) =>
        Aml.Package([Aml.Integer(((uint)r.Device << 16) | 0xFFFF), Aml.Integer((uint)r.Pin),
                     Aml.NameString($"\\_SB.{LinkName(r.Line)}"), Aml.Integer(0)]);
}
