namespace CamkesVm.Machine.Acpi;

/// <summary>
/// The PCI host bridge in the ACPI namespace, <c>\_SB.PCI0</c> (ACPI 6.4 §6.1.5 _HID PNP0A03, §6.2.2 _CRS,
/// §6.2.13 _PRT; PCI Firmware Specification 3.2 §4.1). Without it a kernel that uses ACPI finds no PCI root
/// bridge and never scans bus 0. <c>_CRS</c> claims the configuration ports 0xCF8–0xCFF, forwards the other I/O
/// ports and the memory between the top of RAM and the IO-APIC; <c>_PRT</c> maps each device's INTx pin to
/// a GSI statically (Source 0), which in PIC mode is the IRQ number.
/// </summary>
internal static class PciRootBridgeAml
{
    public static byte[] Build(AcpiPlatform platform) =>
        Aml.Scope("\\_SB",
            Aml.Device("PCI0",
                Aml.Name("_HID", Aml.EisaId("PNP0A03")),
                Aml.Name("_UID", Aml.Integer(0)),
                Aml.Name("_CRS", Aml.Buffer(Resources(platform))),
                Aml.Name("_PRT", Aml.Package([.. platform.PciRoutes.Select(Route)]))));

    private static byte[] Resources(AcpiPlatform platform) =>
    [
        .. AmlResources.BusNumbers(0, 0xFF),
        .. AmlResources.FixedIo(0xCF8, 8),
        .. AmlResources.IoWindow(0x0000, 0x0CF7),
        .. AmlResources.IoWindow(0x0D00, 0xFFFF),
        .. AmlResources.MemoryWindow(platform.PciMemoryStart, AcpiPlatform.PciMemoryEnd),
        .. AmlResources.EndTag,
    ];

    /// <summary><c>Package () { 0xDDDDFFFF, pin, Zero, gsi }</c>: any function of device DDDD.</summary>
    private static byte[] Route(PciInterruptRoute r) =>
        Aml.Package([Aml.Integer(((uint)r.Device << 16) | 0xFFFF), Aml.Integer((uint)r.Pin), Aml.Integer(0), Aml.Integer(r.Gsi)]);
}
