using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Tests.Diagnostics;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Adl.Tests.Vm;

/// <summary>
/// <c>check --platform</c>: the seed's passthrough snippets pass against the cma34cr facts, and each kind of wrong
/// entry gets its own positioned message. The platform below holds the facts the seed's entries state (SATA
/// 00:1f.2 on pin 19, 82574L 05:00.0 on pin 17, each range start + BAR size); the tools layer builds the same
/// from the machine's board model.
/// </summary>
public sealed class PassthroughBoardCheckTests
{
    private const string Boot = "vm0.guest_ram_mb = 256; vm0.kernel_cmdline = \"console=ttyS0\"; vm0.kernel_image = \"bzimage\";\n";

    private static readonly PassthroughPlatform Cma34crAhci = new("cma34cr",
    [
        new(0, 0x1f, 2, "SATA", [new(0xc0713000, 0x800)], [new(0x4088, 8), new(0x4094, 4), new(0x4080, 8), new(0x4090, 4), new(0x4060, 32)], 19, true, true),
        new(5, 0, 0, "Ethernet5", [new(0xc0500000, 0x20000), new(0xc0520000, 0x4000)], [new(0x3000, 0x20)], 17, true, true),
    ],
    [(0, "the PIT"), (2, "the cascade"), (4, "COM1"), (8, "the RTC"), (9, "the ACPI SCI"), (13, "the FPU")]);

    // The seed's AHCI lists ("Booting from hard drive") with its Ethernet5 entries ("Passthrough Ethernet").
    private const string SeedIo = "{\"start\":0x4088, \"end\":0x4090, \"pci_device\":0x1f, \"name\":\"SATA\"}, {\"start\":0x4094, \"end\":0x4098, \"pci_device\":0x1f, \"name\":\"SATA\"},"
        + " {\"start\":0x4080, \"end\":0x4088, \"pci_device\":0x1f, \"name\":\"SATA\"}, {\"start\":0x4060, \"end\":0x4080, \"pci_device\":0x1f, \"name\":\"SATA\"},"
        + " {\"start\":0x3000, \"end\":0x3020, \"pci_device\":0, \"name\":\"Ethernet5\"}";
    private const string SataDevice = "{\"name\":\"SATA\", \"bus\":0, \"dev\":0x1f, \"fun\":2, \"irq\":\"SATA\", \"memory\":[{\"paddr\":0xc0713000, \"size\":0x800, \"page_bits\":12}]}";
    private const string NicDevice = "{\"name\":\"Ethernet5\", \"bus\":5, \"dev\":0, \"fun\":0, \"irq\":\"Ethernet5\", \"memory\":[{\"paddr\":0xc0500000, \"size\":0x20000, \"page_bits\":12}, {\"paddr\":0xc0520000, \"size\":0x4000, \"page_bits\":12}]}";
    private const string SeedIrqs = "{\"name\":\"SATA\", \"source\":19, \"level_trig\":1, \"active_low\":1, \"dest\":11}, {\"name\":\"Ethernet5\", \"source\":0x11, \"level_trig\":1, \"active_low\":1, \"dest\":10}";

    // Each list is the seed's unless replaced; the replaced one (or, with none replaced, the ioports) carries the @@ marker.
    private static string Spec(string io, string devices, string irqs, string prefix, string ioKey, string irqKey)
    {
        string Mark(string list, bool first = false) => list.Length > 0 || (first && devices.Length == 0 && irqs.Length == 0) ? "@@" : "";
        return "import <VM/vm.camkes>;\n#include <configurations/vm.h>\ncomponent Init0 { VM_INIT_DEF() }\n"
            + "assembly {\n composition { VM_COMPOSITION_DEF()\n  VM_PER_VM_COMP_DEF(0)\n }\n"
            + " configuration { VM_CONFIGURATION_DEF() VM_PER_VM_CONFIG_DEF(0)\n" + Boot
            + $"{prefix}pci_devices_iospace = 1;\n"
            + $"{Mark(io, first: true)}{prefix}{ioKey} = [{(io.Length > 0 ? io : SeedIo)}];\n"
            + $"{Mark(devices)}{prefix}pci_devices = [{(devices.Length > 0 ? devices : $"{SataDevice}, {NicDevice}")}];\n"
            + $"{Mark(irqs)}{prefix}{irqKey} = [{(irqs.Length > 0 ? irqs : SeedIrqs)}];\n }}\n}}\n";
    }

    private static (MarkedSpec Spec, IReadOnlyList<Diagnostic> Findings) Check(string io = "", string devices = "", string irqs = "", string prefix = "vm0_config.", string ioKey = "ioports", string irqKey = "irqs")
    {
        var spec = MarkedSpec.Parse(Spec(io, devices, irqs, prefix, ioKey, irqKey));
        var result = AdlCompiler.CompileText(spec.Text, "g.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var guests = GuestConfigurationReader.Read(result.Assembly!);
        Assert.True(guests.Succeeded, string.Join("\n", guests.Diagnostics));
        return (spec, PassthroughBoardCheck.Check(guests, Cma34crAhci));
    }

    private static void AssertFinding(string message, string io = "", string devices = "", string irqs = "", bool error = true)
    {
        var (spec, findings) = Check(io, devices, irqs);
        var finding = Assert.Single(findings);
        Assert.Equal(("g.camkes", spec.Line, spec.Column, message, error),
            (finding.Location.File, finding.Location.Line, finding.Location.Column, finding.Message, finding.IsError));
    }

    [Fact]
    public void The_seeds_ahci_and_ethernet_entries_pass()
    {
        var (_, findings) = Check();
        Assert.Empty(findings);
    }

    [Fact]
    public void The_later_vm_ioports_and_vm_irqs_spelling_is_checked_the_same_way()
    {
        var (_, findings) = Check(prefix: "vm0.", ioKey: "vm_ioports", irqKey: "vm_irqs");
        Assert.Empty(findings);
        var (spec, wrong) = Check(devices: "{\"name\":\"X\", \"bus\":3, \"dev\":0, \"fun\":0, \"irq\":\"\", \"memory\":[]}", prefix: "vm0.", ioKey: "vm_ioports", irqKey: "vm_irqs");
        Assert.Contains(wrong, d => d.Message.StartsWith("vm0.pci_devices[0]: board cma34cr has no PCI device at 03:00.0", StringComparison.Ordinal) && d.Location.Line == spec.Line);
    }

    [Fact]
    public void Unknown_device()
    {
        var (spec, findings) = Check(devices: $"{SataDevice}, {NicDevice.Replace("\"bus\":5", "\"bus\":4")}");
        var f = findings.First(d => d.IsError);
        Assert.Equal(spec.Line, f.Location.Line);
        Assert.Equal("vm0_config.pci_devices[1]: board cma34cr has no PCI device at 04:00.0 (\"bus\":4, \"dev\":0x0, \"fun\":0); "
            + "its devices are 00:1f.2 SATA, 05:00.0 Ethernet5; 'camkes-vm lspci -v --platform cma34cr' lists them", f.Message);
    }

    [Fact]
    public void Memory_region_that_is_not_a_bar_of_the_device() =>
        AssertFinding("vm0_config.pci_devices[1].memory[1]: {\"paddr\":0xc0530000, \"size\":0x4000} is not inside a memory BAR of 05:00.0 Ethernet5; "
            + "its memory BARs are 0xc0500000+0x20000, 0xc0520000+0x4000",
            devices: $"{SataDevice}, {NicDevice.Replace("0xc0520000", "0xc0530000")}");

    [Fact]
    public void Io_range_belonging_to_no_device() =>
        AssertFinding("vm0_config.ioports[5]: ports 0x40a0-0x40b0 (\"SATA\") are not I/O BAR ports of any device of cma34cr; "
            + "I/O BARs: 00:1f.2 SATA 0x4088+0x8, 0x4094+0x4, 0x4080+0x8, 0x4090+0x4, 0x4060+0x20",
            io: SeedIo + ", {\"start\":0x40a0, \"end\":0x40b0, \"pci_device\":0x1f, \"name\":\"SATA\"}");

    [Fact]
    public void The_seeds_ide_ranges_do_not_fit_the_ahci_board()
    {
        var (_, findings) = Check(io: "{\"start\":0x4090, \"end\":0x40a0, \"pci_device\":0x1f, \"name\":\"SATA\"}");
        Assert.Contains(findings, f => f.IsError && f.Message.StartsWith("vm0_config.ioports[0]: ports 0x4090-0x40a0", StringComparison.Ordinal));
    }

    [Fact]
    public void Io_range_with_the_wrong_pci_device_number_is_a_warning() =>
        AssertFinding("vm0_config.ioports[4]: \"pci_device\":0x1f, but the ports belong to 05:00.0 Ethernet5 (device 0x0)",
            io: SeedIo.Replace("\"pci_device\":0, ", "\"pci_device\":0x1f, "), error: false);

    [Fact]
    public void Two_sources_to_one_dest() =>
        AssertFinding("vm0_config.irqs[1]: \"dest\":11 is already the destination of irq \"SATA\"; give each source its own guest line",
            irqs: SeedIrqs.Replace("\"dest\":10", "\"dest\":11"));

    [Theory]
    [InlineData(4, "COM1")]
    [InlineData(8, "the RTC")]
    public void Dest_used_by_a_platform_device(int dest, string owner) =>
        AssertFinding($"vm0_config.irqs[1]: \"dest\":{dest} is used by {owner} in the guest; choose a free line such as 10 or 11",
            irqs: SeedIrqs.Replace("\"dest\":10", $"\"dest\":{dest}"));

    [Fact]
    public void Source_that_is_not_the_devices_pin() =>
        AssertFinding("vm0_config.irqs[0]: \"source\":18, but 00:1f.2 SATA, whose irq this is, interrupts on I/O APIC pin 19; set \"source\":19",
            irqs: SeedIrqs.Replace("\"source\":19", "\"source\":18"));

    [Fact]
    public void Polarity_that_differs_from_the_board() =>
        AssertFinding("vm0_config.irqs[1]: I/O APIC pin 17 of 05:00.0 Ethernet5 is level-triggered, active-low, but the entry says level-triggered, active-high; "
            + "set \"level_trig\":1, \"active_low\":1",
            irqs: SeedIrqs.Replace("\"source\":0x11, \"level_trig\":1, \"active_low\":1", "\"source\":0x11, \"level_trig\":1, \"active_low\":0"));
}
