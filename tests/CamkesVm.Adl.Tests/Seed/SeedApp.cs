namespace CamkesVm.Adl.Tests.Seed;

/// <summary>How far the tutorial has got.</summary>
public enum SeedStage
{
    /// <summary>"Starting point": apps/cma34cr_minimal as shipped.</summary>
    Minimal,

    /// <summary>"Cross VM Connectors": Init0 interfaces, PrintServer, three connections, data_id/data_size.</summary>
    CrossVm,

    /// <summary>"Booting from hard drive", SATA controller in AHCI mode, on top of the cross-VM app.</summary>
    HardDriveAhci,

    /// <summary>"Booting from hard drive", SATA controller in IDE mode, on top of the cross-VM app.</summary>
    HardDriveIde,

    /// <summary>"Passthrough Ethernet", on top of the IDE configuration whose lists it extends.</summary>
    Ethernet,
}

/// <summary>
/// The tutorial's app folder at one <see cref="SeedStage"/>, written to a temporary folder named
/// cma34cr_minimal (so autoconf.h names its configuration header) and built from the seed's own blocks.
/// </summary>
internal sealed class SeedApp : IDisposable
{
    private readonly string _root;

    private SeedApp(string root, string spec)
    {
        _root = root;
        Spec = spec;
    }

    /// <summary>The top-level spec vm.camkes.</summary>
    public string Spec { get; }

    public string Folder => Path.GetDirectoryName(Spec)!;

    public static string ShippedApp => Path.Combine(Support.SharedPaths.Repository, "apps", "cma34cr_minimal");

    public static SeedApp Create(SeedStage stage)
    {
        var root = Path.Combine(Path.GetTempPath(), "camkes-seed-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(root, "cma34cr_minimal");
        Directory.CreateDirectory(Path.Combine(folder, "configurations"));
        File.WriteAllText(Path.Combine(folder, "vm.camkes"), SeedDocument.Single("import <VM/vm.camkes>;", "component VM vm;"));
        File.WriteAllText(Path.Combine(folder, "cma34cr.camkes"), Camkes(stage));
        File.WriteAllText(Path.Combine(folder, "configurations", "cma34cr_minimal.h"), Header(stage));
        return new SeedApp(root, Path.Combine(folder, "vm.camkes"));
    }

    public string Read(string file) => File.ReadAllText(Path.Combine(Folder, file));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static string MinimalCamkes => SeedDocument.Single("#include <configurations/vm.h>", "simple_untyped23_pool");

    /// <summary>cma34cr.camkes after the seed's "Cross VM Connectors" section: what the repository ships.</summary>
    public static string CrossVmCamkes => CrossVm();

    private static string Camkes(SeedStage stage) => stage switch
    {
        SeedStage.Minimal => MinimalCamkes,
        SeedStage.CrossVm => CrossVm(),
        SeedStage.HardDriveAhci => AddToConfiguration(CrossVm(), SeedDocument.Single("configuration {", "0x4094")),
        SeedStage.HardDriveIde => Ide(),
        _ => Ethernet(),
    };

    private static string CrossVm()
    {
        var init0 = SeedDocument.Single("component Init0 {", "has mutex cross_vm_event_mutex;");
        var printServer = SeedDocument.Single("component PrintServer {", "control;");
        var composition = SpecText.BlockText(SeedDocument.Single("component PrintServer print_server;"), "composition {");
        var configuration = SpecText.BlockText(SeedDocument.Single("vm0.data_id = 1;"), "configuration {");
        var text = SpecText.ReplaceBlock(MinimalCamkes, "component Init0 {", init0 + "\n\n" + printServer);
        text = SpecText.ReplaceBlock(text, "composition {", composition);
        return SpecText.ReplaceBlock(text, "configuration {", configuration);
    }

    private static string Ide() => AddToConfiguration(CrossVm(), SeedDocument.Single("configuration {", "0x40cc", "\"memory\":[],"));

    private static string Ethernet()
    {
        var ethernet = SeedDocument.Single("Ethernet5", "0x3000");
        var text = Ide();
        foreach (var list in new[] { "vm0_config.ioports", "vm0_config.pci_devices", "vm0_config.irqs" })
        {
            text = SpecText.ReplaceListSetting(text, list, SpecText.ListSetting(ethernet, list));
        }
        return text;
    }

    private static string AddToConfiguration(string text, string snippet) =>
        SpecText.AppendToBlock(text, "configuration {", SpecText.BodyWithoutEllipsis(SpecText.BlockText(snippet, "configuration {")));

    /// <summary>The shipped header; from "Booting from hard drive" on, with the seed's new VM_GUEST_CMDLINE.</summary>
    private static string Header(SeedStage stage)
    {
        var shipped = File.ReadAllText(Path.Combine(ShippedApp, "configurations", "cma34cr_minimal.h"));
        if (stage is SeedStage.Minimal or SeedStage.CrossVm)
        {
            return shipped;
        }
        var define = SeedDocument.Single("#define VM_GUEST_CMDLINE").Trim();
        return string.Join('\n', shipped.Split('\n').Select(line => line.StartsWith("#define VM_GUEST_CMDLINE", StringComparison.Ordinal) ? define : line));
    }
}
