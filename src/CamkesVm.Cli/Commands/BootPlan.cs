using CamkesVm.Machine.Boot;

namespace CamkesVm.Cli.Commands;

/// <summary>An app or command-line option the run command cannot use; the message says how to fix it.</summary>
internal sealed class BootPlanException(string message) : Exception(message);

/// <summary>
/// What one VM boots when options name it: --kernel/--initrd/--append/--memory/--module. Without an app they are the
/// whole configuration (QEMU style); with an app they override its first VM's settings.
/// </summary>
internal sealed record BootPlan(BootFile? Kernel, BootFile? Initrd, string? CommandLine, int? MemoryMb, IReadOnlyList<(BootFile File, string Args)> Modules)
{
    public const int DefaultMemoryMb = 128;

    public static BootPlan From(string? kernel, string? initrd, string? append, int? memory, string[] modules) => new(
        kernel != null ? BootFile.Read(kernel, "kernel") : null,
        initrd != null ? BootFile.Read(initrd, "initrd") : null,
        append, memory, [.. modules.Select(ParseModule)]);

    private static (BootFile, string) ParseModule(string spec)
    {
        var parts = spec.Split(' ', 2, StringSplitOptions.TrimEntries);
        return (BootFile.Read(parts[0], "module"), parts.Length > 1 ? parts[1] : "");
    }
}
