using System.Diagnostics;
using CamkesVm.Machine.Acpi;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Acpi;

/// <summary>
/// The DSDT's AML, disassembled by an independent decoder: Debian's ACPICA <c>iasl -d</c> (the reference ACPI
/// implementation Linux itself uses). The expected ASL follows ACPI 6.4 §7.4.2 (_S5), §6.1.5/§6.2.2/§6.2.13
/// (_HID, _CRS, _PRT of a PCI root bridge).
/// </summary>
public sealed class DsdtTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("camkes-vm-dsdt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Disassemble(AcpiPlatform platform)
    {
        using var memory = new PhysicalMemory(1 << 20);
        uint rsdp = AcpiTables.Write(memory, platform);
        uint xsdt = (uint)memory.ReadUInt32(rsdp + 24);
        uint fadt = memory.ReadUInt32(xsdt + 36);
        uint dsdt = memory.ReadUInt32(fadt + 40);
        var table = new byte[memory.ReadUInt32(dsdt + 4)];
        memory.Read(dsdt, table);
        string aml = Path.Combine(_dir, "dsdt.aml");
        File.WriteAllBytes(aml, table);
        var start = new ProcessStartInfo("iasl", ["-d", aml]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start) ?? throw new InvalidOperationException("iasl (Debian acpica-tools) is needed");
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, output);
        return Normalise(File.ReadAllText(Path.Combine(_dir, "dsdt.dsl")));
    }

    /// <summary>Drops iasl's comments and collapses whitespace, so assertions read as ASL.</summary>
    private static string Normalise(string dsl) =>
        string.Join(' ', dsl.Split('\n').Select(l => l.Split("//")[0].Trim()).Where(l => l.Length > 0 && !l.StartsWith('*') && !l.StartsWith("/*")));

    [Fact]
    public void S5_is_package_5_5_0_0()
    {
        string asl = Disassemble(new AcpiPlatform(128u << 20, []));
        Assert.Contains("Name (_S5, Package (0x04) { 0x05, 0x05, Zero, Zero })", asl);
    }

    [Fact]
    public void Pci0_is_a_pnp0a03_root_bridge_forwarding_io_and_the_memory_above_ram()
    {
        string asl = Disassemble(new AcpiPlatform(128u << 20, []));
        Assert.Contains("Scope (\\_SB) { Device (PCI0) { Name (_HID, EisaId (\"PNP0A03\") /* PCI Bus */)", asl);
        Assert.Contains("WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0x0000, 0x0000, 0x00FF, 0x0000, 0x0100,", asl);
        Assert.Contains("IO (Decode16, 0x0CF8, 0x0CF8, 0x01, 0x08, )", asl);
        Assert.Contains("WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0x0000, 0x0000, 0x0CF7, 0x0000, 0x0CF8,", asl);
        Assert.Contains("WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0x0000, 0x0D00, 0xFFFF, 0x0000, 0xF300,", asl);
        Assert.Contains("DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite, 0x00000000, 0x08000000, 0xFEBFFFFF, 0x00000000, 0xF6C00000,", asl);
    }

    [Fact]
    public void Prt_routes_each_device_pin_to_its_gsi()
    {
        string asl = Disassemble(new AcpiPlatform(100u << 20, [new PciInterruptRoute(2, 0, 11), new PciInterruptRoute(0x1F, 1, 19)]));
        Assert.Contains("Name (_PRT, Package (0x02) { Package (0x04) { 0x0002FFFF, Zero, Zero, 0x0B }, Package (0x04) { 0x001FFFFF, One, Zero, 0x13 } })", asl);
        Assert.Contains("0x06400000, 0xFEBFFFFF", asl);
    }
}
