using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Vm;
using CamkesVm.Machine.Boot;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// The boot configuration of an app's first VM, from its resolved spec (<see cref="GuestConfigurationReader"/>:
/// <c>vmN.guest_ram_mb</c>, <c>kernel_cmdline</c>, <c>kernel_image</c>, <c>initrd_image</c>). Image names are looked
/// up in the app folder, then in the repository's <c>linux/</c> (what the seed's app Makefile rule does).
/// </summary>
internal sealed record AppBootConfig(string Spec, GuestConfiguration Guest, BootFile Kernel, BootFile? Initrd)
{
    public string CommandLine => Guest.KernelCmdline;

    public int MemoryMb => Guest.GuestRamMb;

    public static AppBootConfig Load(string app)
    {
        string spec = FindSpec(app);
        var set = GuestConfigurationReader.FromSpec(spec);
        foreach (var d in set.Diagnostics) Console.Error.WriteLine(DiagnosticFormatter.Format(d));
        if (!set.Succeeded) throw new BootPlanException($"{spec} has errors (above); fix them, or check with: camkes-vm check {spec}");
        var guest = set.Guests.OrderBy(g => g.Index).FirstOrDefault()
                    ?? throw new BootPlanException($"{spec} has no guest: declare component Init0 {{ VM_INIT_DEF() }} and add VM_PER_VM_COMP_DEF(0)");
        string dir = Path.GetDirectoryName(Path.GetFullPath(spec))!;
        var kernel = BootFile.Read(FindImage(dir, guest.KernelImage, spec, $"{guest.InstanceName}.kernel_image"), "kernel");
        var initrd = guest.InitrdImage is { } rd ? BootFile.Read(FindImage(dir, rd, spec, $"{guest.InstanceName}.initrd_image"), "initrd") : null;
        return new AppBootConfig(spec, guest, kernel, initrd);
    }

    private static string FindSpec(string app)
    {
        if (File.Exists(app)) return app;
        if (!Directory.Exists(app))
            throw new BootPlanException($"app {app} not found: give an app folder such as apps/cma34cr_minimal, or its .camkes file");
        string top = Path.Combine(app, "vm.camkes");
        if (File.Exists(top)) return top;
        var withAssembly = Directory.GetFiles(app, "*.camkes").Where(f => File.ReadAllText(f).Contains("assembly")).ToList();
        return withAssembly.Count == 1 ? withAssembly[0]
            : throw new BootPlanException($"app {app}: cannot tell which .camkes file is the top-level spec; name it vm.camkes or pass the file");
    }

    private static string FindImage(string appDir, string name, string spec, string attribute)
    {
        foreach (var candidate in new[] { Path.Combine(appDir, name), Path.Combine(appDir, "..", "..", "linux", name) })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        throw new BootPlanException($"{spec}: {attribute} \"{name}\" is neither in {appDir} nor in the repository's linux/ folder");
    }
}
