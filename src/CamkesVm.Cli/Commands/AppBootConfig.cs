using System.Text.RegularExpressions;
using CamkesVm.Adl;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Machine.Boot;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// The boot configuration of an app's first VM, read from its resolved spec as the original's Init component
/// reads it: <c>vmN.guest_ram_mb</c>, <c>kernel_cmdline</c>, <c>kernel_image</c>, <c>initrd_image</c>. Image names
/// are looked up in the app folder, then in the repository's <c>linux/</c> (the seed's Makefile rule).
/// </summary>
internal sealed partial record AppBootConfig(string Spec, string VmInstance, BootFile Kernel, BootFile? Initrd, string CommandLine, int MemoryMb)
{
    public static AppBootConfig Load(string app)
    {
        string spec = FindSpec(app);
        var result = AdlCompiler.CompileFile(spec);
        foreach (var d in result.Diagnostics) Console.Error.WriteLine(DiagnosticFormatter.Format(d));
        var assembly = result.Assembly ?? throw new BootPlanException($"{spec} has errors (above); fix them, or check with: camkes-vm check {spec}");
        var vm = assembly.Instances.FirstOrDefault(i => VmName().IsMatch(i.Name))
                 ?? throw new BootPlanException($"{spec} has no VM instance (vm0, vm1, …): add VM_PER_VM_COMP_DEF(0) to the VM composition");
        string dir = Path.GetDirectoryName(Path.GetFullPath(spec))!;
        string kernelName = RequireString(assembly, vm.Name, "kernel_image", spec);
        string? initrdName = (assembly.GetValue(vm.Name, "initrd_image") as StringValue)?.Value;
        return new AppBootConfig(
            spec, vm.Name,
            BootFile.Read(FindImage(dir, kernelName, spec, "kernel_image"), "kernel"),
            string.IsNullOrEmpty(initrdName) ? null : BootFile.Read(FindImage(dir, initrdName, spec, "initrd_image"), "initrd"),
            (assembly.GetValue(vm.Name, "kernel_cmdline") as StringValue)?.Value ?? "",
            (int)((assembly.GetValue(vm.Name, "guest_ram_mb") as IntValue)?.Value ?? 128));
    }

    [GeneratedRegex(@"(^|\.)vm[0-9]+$")]
    private static partial Regex VmName();

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

    private static string RequireString(ResolvedAssembly assembly, string vm, string attribute, string spec) =>
        (assembly.GetValue(vm, attribute) as StringValue)?.Value is { Length: > 0 } v ? v
            : throw new BootPlanException($"{spec}: {vm}.{attribute} is not set; set it in the VM's configuration block");

    private static string FindImage(string appDir, string name, string spec, string attribute)
    {
        foreach (var candidate in new[] { Path.Combine(appDir, name), Path.Combine(appDir, "..", "..", "linux", name) })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        throw new BootPlanException($"{spec}: {attribute} \"{name}\" is neither in {appDir} nor in the repository's linux/ folder");
    }
}
