using CamkesVm.Adl.Vm;
using CamkesVm.Machine.Boot;

namespace CamkesVm.Runtime.Vm;

/// <summary>What a VM boots: kernel, optional initrd, command line and Multiboot modules.</summary>
public sealed record GuestImage(BootFile Kernel, BootFile? Initrd, string CommandLine, IReadOnlyList<(BootFile File, string Args)>? Modules = null)
{
    /// <summary>
    /// The images a guest's settings name (<c>kernel_image</c>, <c>initrd_image</c>), looked up in the app folder, then
    /// in the repository's <c>linux/</c> (what the seed's app Makefile rule does), with <c>kernel_cmdline</c>.
    /// </summary>
    public static Func<GuestConfiguration, GuestImage> FromAppDirectory(string appDirectory) => guest => new GuestImage(
        ReadKernel(appDirectory, guest), ReadInitrd(appDirectory, guest), guest.KernelCmdline);

    /// <summary>The kernel the guest's <c>kernel_image</c> setting names.</summary>
    public static BootFile ReadKernel(string appDirectory, GuestConfiguration guest) =>
        BootFile.Read(Find(appDirectory, guest.KernelImage, $"{guest.InstanceName}.kernel_image"), "kernel");

    /// <summary>The initrd the guest's <c>initrd_image</c> setting names, or null when it names none.</summary>
    public static BootFile? ReadInitrd(string appDirectory, GuestConfiguration guest) =>
        guest.InitrdImage is { } rd ? BootFile.Read(Find(appDirectory, rd, $"{guest.InstanceName}.initrd_image"), "initrd") : null;

    /// <summary>The file <paramref name="name"/> in <paramref name="appDirectory"/> or its <c>../../linux</c>.</summary>
    public static string Find(string appDirectory, string name, string attribute)
    {
        foreach (var candidate in new[] { Path.Combine(appDirectory, name), Path.Combine(appDirectory, "..", "..", "linux", name) })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        throw new BootImageException($"{attribute} \"{name}\" is neither in {appDirectory} nor in the repository's linux/ folder");
    }
}
