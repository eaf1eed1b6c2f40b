using System.Globalization;
using System.Text.RegularExpressions;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Vm;

/// <summary>
/// The VMM's view of a spec: for each guest (an instance of a component <c>Init&lt;N&gt;</c>, normally
/// named <c>vm&lt;N&gt;</c>), its boot settings, passthrough devices and cross-VM interfaces as typed
/// values. Missing or ill-typed settings are reported as positioned errors; nothing throws.
/// </summary>
public static partial class GuestConfigurationReader
{
    [GeneratedRegex(@"^Init(\d+)$")]
    private static partial Regex GuestComponent();

    /// <summary>Compiles the spec at <paramref name="specPath"/> and reads its guests; a spec without guests gets a warning.</summary>
    public static GuestConfigurationSet FromSpec(string specPath, CompileOptions? options = null)
    {
        var result = AdlCompiler.CompileFile(specPath, options);
        return result.Assembly is { } assembly
            ? Read(assembly, result.Diagnostics, warnWithoutGuests: true)
            : new GuestConfigurationSet(null, [], result.Diagnostics);
    }

    /// <summary>Reads the guests of a resolved assembly (none, silently, when it has no Init&lt;N&gt; instance).</summary>
    public static GuestConfigurationSet Read(ResolvedAssembly assembly) => Read(assembly, [], warnWithoutGuests: false);

    private static GuestConfigurationSet Read(ResolvedAssembly assembly, IReadOnlyList<Diagnostic> earlier, bool warnWithoutGuests)
    {
        var diagnostics = new DiagnosticBag { Stage = CompilerStage.Check };
        var guests = new List<GuestConfiguration>();
        var seen = new Dictionary<int, Instance>();
        foreach (var (instance, index) in Guests(assembly))
        {
            if (seen.TryGetValue(index, out var first))
            {
                diagnostics.ReportDuplicateGuest(instance.Location, instance.Component.Name, first.Name);
                continue;
            }
            seen[index] = instance;
            var errors = diagnostics.ErrorCount;
            var guest = ReadGuest(assembly, instance, index, diagnostics);
            if (diagnostics.ErrorCount == errors)
            {
                guests.Add(guest);
            }
        }
        if (seen.Count == 0 && warnWithoutGuests)
        {
            diagnostics.ReportNoGuests(assembly.Instances.FirstOrDefault()?.Location ?? SourceLocation.None);
        }
        guests.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new GuestConfigurationSet(assembly, guests, [.. earlier, .. diagnostics]);
    }

    private static IEnumerable<(Instance Instance, int Index)> Guests(ResolvedAssembly assembly) =>
        from instance in assembly.Instances
        let match = GuestComponent().Match(instance.Component.Name)
        where match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
        select (instance, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    private static GuestConfiguration ReadGuest(ResolvedAssembly assembly, Instance instance, int index, DiagnosticBag diagnostics)
    {
        var dot = instance.Name.LastIndexOf('.');
        var (prefix, local) = (instance.Name[..(dot + 1)], instance.Name[(dot + 1)..]);
        if (local != $"vm{index}")
        {
            diagnostics.ReportGuestInstanceName(instance.Location, instance.Name, instance.Component.Name, prefix + $"vm{index}");
        }
        var settings = new SettingAccess(assembly, instance.Name, instance.Location, diagnostics);
        var holderName = $"{prefix}{local}_config";
        var holder = assembly.FindInstance(holderName) is { } h ? new SettingAccess(assembly, holderName, h.Location, diagnostics) : null;
        var ram = ReadRam(settings, local);
        var cmdline = settings.String("kernel_cmdline", null, "the guest's kernel command line", $"{local}.kernel_cmdline = VM_GUEST_CMDLINE;");
        var kernel = settings.String("kernel_image", null, "the file name of the guest kernel", $"{local}.kernel_image = KERNEL_IMAGE;");
        var relocs = settings.String("kernel_relocs", "");
        var initrd = settings.String("initrd_image", "");
        var domain = settings.Int("iospace_domain", 0);
        var crossVm = new CrossVmReader(assembly, instance, settings);
        return new GuestConfiguration(
            index, instance.Name, instance.Component.Name, ram ?? 0, cmdline ?? "", kernel ?? "",
            string.IsNullOrEmpty(relocs) ? null : relocs, string.IsNullOrEmpty(initrd) ? null : initrd, domain ?? 0,
            new PassthroughReader(settings, holder).Read(),
            crossVm.Dataports(), crossVm.Events(InterfaceKind.Emits), crossVm.Events(InterfaceKind.Consumes),
            assembly.Configuration.TryGetValue(instance.Name, out var values) ? values : new Dictionary<string, AdlValue>());
    }

    /// <summary>A 32-bit guest without PAE addresses 4 GiB, part of which is the PCI hole, so RAM stays below 4096 MiB.</summary>
    private static int? ReadRam(SettingAccess settings, string local)
    {
        var ram = settings.Int("guest_ram_mb", null, "the guest's RAM size in MiB", $"{local}.guest_ram_mb = 128;");
        if (ram is { } mb && mb is <= 0 or >= 4096)
        {
            settings.Diagnostics.ReportGuestValue(settings.LocationOf("guest_ram_mb"), settings.Target("guest_ram_mb"),
                $"{mb} MiB is not a usable guest RAM size: give 1..4095 MiB (a 32-bit guest without PAE addresses 4 GiB)");
            return null;
        }
        return (int?)ram;
    }
}
