using CamkesVm.Adl.Model;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Adl.Tests.Seed;

/// <summary>
/// Every spec snippet of the seed tutorial, applied cumulatively as the tutorial does, compiles and
/// resolves to the assembly the tutorial describes.
/// </summary>
public sealed class SeedTutorialTests
{
    private const string MinimalCmdline = "console=ttyS0,115200 i8042.nokbd=y i8042.nomux=y i8042.noaux=y io_delay=udelay noisapnp pci=nomsi";

    private static string Normalise(string text) =>
        string.Join('\n', text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd())).Trim();

    [Fact]
    public void Shipped_app_files_are_the_seed_snippets()
    {
        Assert.Equal(Normalise(SeedDocument.Single("import <VM/vm.camkes>;", "component VM vm;")),
            Normalise(File.ReadAllText(Path.Combine(SeedApp.ShippedApp, "vm.camkes"))));
        Assert.Equal(Normalise(SeedApp.CrossVmCamkes), Normalise(File.ReadAllText(Path.Combine(SeedApp.ShippedApp, "cma34cr.camkes"))));
    }

    [Fact]
    public void Shipped_print_server_is_the_seeds()
    {
        Assert.Equal(Normalise(SeedDocument.Single("#include <camkes.h>", "done_printing_emit();")),
            Normalise(File.ReadAllText(Path.Combine(SeedApp.ShippedApp, "print_server.c"))));
    }

    [Fact]
    public void Starting_command_line_is_the_hard_drive_one_without_its_additions()
    {
        var hardDrive = SeedDocument.Single("#define VM_GUEST_CMDLINE").Trim().Split('"')[1].Split(' ');
        var added = new[] { "earlyprintk=ttyS0,115200", "debug", "root=/dev/sda1", "rdinit=/init", "2" };
        Assert.Equal(MinimalCmdline, string.Join(' ', hardDrive.Except(added)));
    }

    [Fact]
    public void Shipped_app_resolves_to_one_guest_with_the_system_components_and_the_print_server()
    {
        var result = AdlCompiler.CompileFile(Path.Combine(SeedApp.ShippedApp, "vm.camkes"));
        var assembly = Compiled(result);
        AssertInstances(assembly, ("vm", "VM"), ("vm.vm0", "Init0"), ("vm.vm0_config", "VMConfig"), ("vm.fserv", "FileServer"),
            ("vm.serial", "SerialServer"), ("vm.pci_config", "PCIConfigIO"), ("vm.time_server", "TimeServer"), ("vm.rtc", "RTC"),
            ("vm.print_server", "PrintServer"));
        AssertConnection(assembly, "seL4RPCCall", ["vm.pci_config.putchar", "vm.rtc.putchar", "vm.time_server.putchar", "vm.vm0.putchar"], ["vm.serial.processed_putchar"]);
        AssertConnection(assembly, "seL4TimeServer", ["vm.serial.timeout", "vm.vm0.init_timer"], ["vm.time_server.the_timer"]);
        AssertConnection(assembly, "seL4GlobalAsynch", ["vm.vm0.intready_connector"], ["vm.vm0.intready"]);
        AssertConnection(assembly, "seL4RPCDataport", ["vm.vm0.fs"], ["vm.fserv.fs_ctrl"]);
        AssertConnection(assembly, "seL4SerialServer", ["vm.vm0.serial_getchar"], ["vm.serial.getchar"]);
        Assert.Equal(11, assembly.Connections.Count);
        Assert.Equal(new IntValue(128), assembly.GetValue("vm.vm0", "guest_ram_mb"));
        Assert.Equal(new IntValue(0x10000), assembly.GetValue("vm.vm0", "heap_size"));
        Assert.Equal(new IntValue(12), assembly.GetValue("vm.vm0", "simple_untyped24_pool"));
        Assert.Equal(new IntValue(0x0f), assembly.GetValue("vm.vm0", "iospace_domain"));
        Assert.Equal(new StringValue("0"), assembly.GetValue("vm.vm0", "serial_getchar_attributes"));
        Assert.Equal(new IntValue(0x1fffffff & ~0x1fffe), assembly.GetValue("vm.vm0", "global_endpoint_mask"));
        Assert.Equal(new IntValue(12), assembly.GetValue("vm.time_server", "timers_per_client"));
        Assert.Equal(new IntValue(0x30000), assembly.GetValue("vm.fserv", "heap_size"));

        var guest = Assert.Single(GuestConfigurationReader.Read(assembly).Guests);
        Assert.Equal((0, "vm.vm0", 128, MinimalCmdline, "bzimage", "rootfs.cpio"),
            (guest.Index, guest.InstanceName, guest.GuestRamMb, guest.KernelCmdline, guest.KernelImage, guest.InitrdImage));
        Assert.Equal("bzimage", guest.KernelRelocs);
        Assert.Equal(128L << 20, guest.GuestRamBytes);
        Assert.False(guest.Passthrough.PciDevicesIospace);
        Assert.Empty(guest.Passthrough.IoPorts);
        Assert.Empty(guest.Passthrough.PciDevices);
        Assert.Empty(guest.Passthrough.Irqs);
        Assert.Equal(new CrossVmDataport("data", 1, 4096, "vm.conn_data", "seL4SharedDataWithCaps"), Assert.Single(guest.Dataports));
    }

    [Fact]
    public void Seed_cross_vm_stage_matches_the_shipped_app()
    {
        using var app = SeedApp.Create(SeedStage.CrossVm);
        var shipped = Compiled(AdlCompiler.CompileFile(Path.Combine(SeedApp.ShippedApp, "vm.camkes")));
        var built = Compiled(AdlCompiler.CompileFile(app.Spec));
        Assert.Equal(shipped.Instances.Select(i => i.Name), built.Instances.Select(i => i.Name));
        Assert.Equal(shipped.Connections.Select(c => c.Name), built.Connections.Select(c => c.Name));
    }

    [Fact]
    public void Cross_vm_stage_adds_the_print_server_and_its_three_connections()
    {
        using var app = SeedApp.Create(SeedStage.CrossVm);
        var result = AdlCompiler.CompileFile(app.Spec);
        var assembly = Compiled(result);
        Assert.Equal("PrintServer", assembly.FindInstance("vm.print_server")?.Component.Name);
        var init0 = assembly.FindInstance("vm.vm0")!.Component;
        Assert.Equal(("data", InterfaceKind.Dataport, "Buf(4096)", 4096L), Describe(init0.FindInterface("data")));
        Assert.Equal(InterfaceKind.Emits, init0.FindInterface("do_print")?.Kind);
        Assert.Equal(InterfaceKind.Consumes, init0.FindInterface("done_printing")?.Kind);
        Assert.Contains(init0.Synchronisation, s => s is ("cross_vm_event_mutex", "mutex", _));
        Assert.Equal("vm.conn_do_print", AssertConnection(assembly, "seL4Notification", ["vm.vm0.do_print"], ["vm.print_server.do_print"]).Name);
        Assert.Equal("vm.conn_done_printing", AssertConnection(assembly, "seL4Notification", ["vm.print_server.done_printing"], ["vm.vm0.done_printing"]).Name);
        Assert.Equal("vm.conn_data", AssertConnection(assembly, "seL4SharedDataWithCaps", ["vm.print_server.data"], ["vm.vm0.data"]).Name);
        Assert.Equal(new IntValue(1), assembly.GetValue("vm.vm0", "data_id"));
        Assert.Equal(new IntValue(4096), assembly.GetValue("vm.vm0", "data_size"));
        Assert.Equal(new IntValue(0x10000), assembly.GetValue("vm.vm0", "heap_size"));
        Assert.Equal(new IntValue(12), assembly.GetValue("vm.vm0", "simple_untyped24_pool"));

        var guest = Assert.Single(GuestConfigurationReader.Read(assembly).Guests);
        Assert.Equal(new CrossVmDataport("data", 1, 4096, "vm.conn_data", "seL4SharedDataWithCaps"), Assert.Single(guest.Dataports));
        Assert.Equal(new CrossVmEvent("do_print", 1, "DoPrint", "vm.conn_do_print", "seL4Notification"), Assert.Single(guest.EmittedEvents));
        Assert.Equal(new CrossVmEvent("done_printing", 1, "DonePrinting", "vm.conn_done_printing", "seL4Notification"), Assert.Single(guest.ConsumedEvents));
    }

    [Fact]
    public void Hard_drive_ahci_stage_passes_the_sata_controller_through()
    {
        using var app = SeedApp.Create(SeedStage.HardDriveAhci);
        var guest = Guest(AdlCompiler.CompileFile(app.Spec));
        Assert.Contains("root=/dev/sda1", guest.KernelCmdline, StringComparison.Ordinal);
        Assert.StartsWith("earlyprintk=ttyS0,115200 console=ttyS0,115200", guest.KernelCmdline, StringComparison.Ordinal);
        Assert.True(guest.Passthrough.PciDevicesIospace);
        Assert.Equal(
            [new(0x4088, 0x4090, 0x1f, "SATA"), new(0x4094, 0x4098, 0x1f, "SATA"), new(0x4080, 0x4088, 0x1f, "SATA"), new IoPortRange(0x4060, 0x4080, 0x1f, "SATA")],
            guest.Passthrough.IoPorts);
        var sata = Assert.Single(guest.Passthrough.PciDevices);
        Assert.Equal(("SATA", 0, 0x1f, 2, "SATA"), (sata.Name, sata.Bus, sata.Device, sata.Function, sata.Irq));
        Assert.Equal(new MmioRegion(0xc0713000, 0x800, 12), Assert.Single(sata.Memory));
        Assert.Equal(new IrqRoute("SATA", 0, 19, true, true, 11), Assert.Single(guest.Passthrough.Irqs));
    }

    [Fact]
    public void Hard_drive_ide_stage_is_accepted_with_a_warning_for_the_seeds_missing_semicolon()
    {
        using var app = SeedApp.Create(SeedStage.HardDriveIde);
        var result = AdlCompiler.CompileFile(app.Spec);
        var warning = Assert.Single(result.Diagnostics);
        Assert.False(warning.IsError);
        Assert.EndsWith("cma34cr.camkes", warning.Location.File, StringComparison.Ordinal);
        var lines = app.Read("cma34cr.camkes").Split('\n');
        Assert.StartsWith("vm0_config.ioports", lines[warning.Location.Line - 1].Trim(), StringComparison.Ordinal);
        Assert.EndsWith("vm0_config.pci_devices_iospace = 1", lines.Take(warning.Location.Line - 1).Last(l => l.Trim().Length > 0).Trim(), StringComparison.Ordinal);
        var guest = Guest(result, allowWarnings: true);
        Assert.True(guest.Passthrough.PciDevicesIospace);
        Assert.Equal(6, guest.Passthrough.IoPorts.Count);
        Assert.Equal(new IoPortRange(0x40cc, 0x40d0, 0x1f, "SATA"), guest.Passthrough.IoPorts[^1]);
        Assert.Empty(Assert.Single(guest.Passthrough.PciDevices).Memory);
        Assert.Equal(new IrqRoute("SATA", 0, 19, true, true, 11), Assert.Single(guest.Passthrough.Irqs));
    }

    [Fact]
    public void Ethernet_stage_adds_the_network_card_to_each_passthrough_list()
    {
        using var app = SeedApp.Create(SeedStage.Ethernet);
        var guest = Guest(AdlCompiler.CompileFile(app.Spec), allowWarnings: true);
        Assert.Equal(7, guest.Passthrough.IoPorts.Count);
        Assert.Equal(new IoPortRange(0x3000, 0x3020, 0, "Ethernet5"), guest.Passthrough.IoPorts[^1]);
        Assert.Equal(["SATA", "Ethernet5"], guest.Passthrough.PciDevices.Select(d => d.Name));
        var nic = guest.Passthrough.PciDevices[1];
        Assert.Equal((5, 0, 0, "Ethernet5"), (nic.Bus, nic.Device, nic.Function, nic.Irq));
        Assert.Equal([new(0xc0500000, 0x20000, 12), new MmioRegion(0xc0520000, 0x4000, 12)], nic.Memory);
        Assert.Equal(new IrqRoute("Ethernet5", 0, 0x11, true, true, 10), guest.Passthrough.Irqs[1]);
        Assert.Single(guest.Dataports);
    }

    [Theory]
    [InlineData("cma34cr_hard_drive_ahci", SeedStage.HardDriveAhci)]
    [InlineData("cma34cr_hard_drive_ide", SeedStage.HardDriveIde)]
    [InlineData("cma34cr_ethernet", SeedStage.Ethernet)]
    public void Shipped_passthrough_apps_grant_what_the_seed_stage_grants_and_boot_from_sda1(string name, SeedStage stage)
    {
        using var seed = SeedApp.Create(stage);
        var wanted = Guest(AdlCompiler.CompileFile(seed.Spec), allowWarnings: true);
        var shipped = Guest(AdlCompiler.CompileFile(Path.Combine(Support.SharedPaths.Repository, "apps", name, "vm.camkes")));
        Assert.True(shipped.Passthrough.PciDevicesIospace);
        Assert.Equal(wanted.Passthrough.IoPorts, shipped.Passthrough.IoPorts);
        Assert.Equal(wanted.Passthrough.Irqs, shipped.Passthrough.Irqs);
        Assert.Equal(Devices(wanted), Devices(shipped));
        var withoutNoise = wanted.KernelCmdline.Split(' ').Where(w => w is not ("earlyprintk=ttyS0,115200" or "debug")).Append("rw");
        Assert.Equal(string.Join(' ', withoutNoise), shipped.KernelCmdline);
        Assert.Equal(("bzimage", null), (shipped.KernelImage, shipped.InitrdImage));
    }

    private static IEnumerable<string> Devices(GuestConfiguration guest) => guest.Passthrough.PciDevices.Select(d =>
        $"{d.Name} {d.Bus:x2}:{d.Device:x2}.{d.Function} irq {d.Irq} memory {string.Join(", ", d.Memory)}");

    private static (string, InterfaceKind, string, long?) Describe(InterfaceDeclaration? i) =>
        (i!.Name, i.Kind, i.TypeName, i.DataportSize);

    private static ResolvedAssembly Compiled(CompilationResult result)
    {
        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        return result.Assembly!;
    }

    private static GuestConfiguration Guest(CompilationResult result, bool allowWarnings = false)
    {
        Assert.True(result.Succeeded && (allowWarnings || result.Diagnostics.Count == 0), string.Join("\n", result.Diagnostics));
        var guests = GuestConfigurationReader.Read(result.Assembly!);
        Assert.True(guests.Diagnostics.Count == 0, string.Join("\n", guests.Diagnostics));
        return Assert.Single(guests.Guests);
    }

    private static void AssertInstances(ResolvedAssembly assembly, params (string Name, string Component)[] expected) =>
        Assert.Equal(expected.OrderBy(e => e.Name), assembly.Instances.Select(i => (Name: i.Name, Component: i.Component.Name)).OrderBy(e => e.Name));

    private static Connection AssertConnection(ResolvedAssembly assembly, string connector, string[] from, string[] to)
    {
        var connection = assembly.Connections.SingleOrDefault(c => c.From.Select(e => e.ToString()).SequenceEqual(from));
        Assert.True(connection is not null, $"no connection from {string.Join(", ", from)}");
        Assert.Equal(connector, connection.Connector.Name);
        Assert.Equal(to, connection.To.Select(e => e.ToString()));
        return connection;
    }
}
