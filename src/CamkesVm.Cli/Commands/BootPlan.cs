using CamkesVm.Machine.Boot;

namespace CamkesVm.Cli.Commands;

/// <summary>An app or command-line option the run command cannot use; the message says how to fix it.</summary>
internal sealed class BootPlanException(string message) : Exception(message);

/// <summary>What to boot: from an app's spec, or from --kernel/--initrd/--append/--memory (which also override the app's).</summary>
internal sealed record BootPlan(BootFile Kernel, BootFile? Initrd, string CommandLine, int MemoryMb, IReadOnlyList<(BootFile File, string Args)> Modules)
{
    private const int DefaultMemoryMb = 128;

    public static BootPlan From(string? app, string? kernel, string? initrd, string? append, int? memory, string[] modules)
    {
        var fromApp = app != null ? AppBootConfig.Load(app) : null;
        if (fromApp == null && kernel == null)
            throw new BootPlanException("nothing to boot: give an app folder (camkes-vm run apps/cma34cr_minimal) or --kernel FILE");
        var kernelFile = kernel != null ? BootFile.Read(kernel, "kernel") : fromApp!.Kernel;
        var initrdFile = initrd != null ? BootFile.Read(initrd, "initrd") : fromApp?.Initrd;
        var mods = modules.Select(ParseModule).ToList();
        return new BootPlan(kernelFile, initrdFile, append ?? fromApp?.CommandLine ?? "", memory ?? fromApp?.MemoryMb ?? DefaultMemoryMb, mods);
    }

    private static (BootFile, string) ParseModule(string spec)
    {
        var parts = spec.Split(' ', 2, StringSplitOptions.TrimEntries);
        return (BootFile.Read(parts[0], "module"), parts.Length > 1 ? parts[1] : "");
    }
}
