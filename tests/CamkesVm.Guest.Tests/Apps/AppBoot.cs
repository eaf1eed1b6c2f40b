using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Apps;

/// <summary>
/// Boots a shipped app as a user does (<c>camkes-vm run apps/NAME --disk IMAGE</c>, virtual time) and logs in as root.
/// The expected <c>lspci</c> lines of its guest: the VMM's own host bridge, then the granted devices where the original
/// puts passthrough devices (00:01.0, 00:02.0, … in spec order), with the IDs their datasheets give.
/// </summary>
public static class AppBoot
{
    public static readonly TimeSpan Boot = TimeSpan.FromMinutes(10), Command = TimeSpan.FromMinutes(3);

    /// <summary>The VMM's i440FX host bridge (82441FX PMC: device 1237h, class 06 00, as QEMU's pc machine shows it).</summary>
    public const string HostBridge = "00:00.0 Class 0600: 8086:1237";

    /// <summary>Intel 7 Series PCH SATA (datasheet ch. 14, D31:F2): AHCI mode 1E03h class 01 06, IDE mode 1E01h class 01 01.</summary>
    public const string SataAhci = "00:01.0 Class 0106: 8086:1e03", SataIde = "00:01.0 Class 0101: 8086:1e01";

    /// <summary>Intel 82574L (datasheet §9.3: device 10D3h, class 02 00), the second granted device.</summary>
    public const string Ethernet = "00:02.0 Class 0200: 8086:10d3";

    public static string AppFolder(string name) => Path.Combine(RepoPaths.Root, "apps", name);

    /// <summary>
    /// A copy of the shipped app <paramref name="name"/> in <paramref name="root"/> (the kernel linked in, since the copy
    /// has no ../../linux), for a test that puts files such as disk.img next to its spec.
    /// </summary>
    public static string CopyApp(string name, string root)
    {
        string copy = Path.Combine(root, name);
        foreach (var file in Directory.GetFiles(AppFolder(name), "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(AppFolder(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.CreateSymbolicLink(Path.Combine(copy, "bzimage"), RepoPaths.InLinux("bzimage"));
        return copy;
    }

    /// <summary>Starts the shipped app on <paramref name="disk"/> and logs in; the caller disposes the process.</summary>
    public static Task<ConsoleProcess> StartAndLogin(string app, string disk, params string[] more) =>
        StartFolderAndLogin([AppFolder(app), "--disk", disk, .. more]);

    /// <summary>Runs <c>camkes-vm run</c> with <paramref name="args"/> and logs in; the caller disposes the process.</summary>
    public static async Task<ConsoleProcess> StartFolderAndLogin(params string[] args)
    {
        var vm = VmmGuest.Run(args);
        try
        {
            vm.Console.WaitFor("login:", Boot);
            await RootLogin.AtPrompt(vm.Console, Command);
            // Kernel messages still due after the login (e.g. the TSC's refined calibration about 1.2 s of guest time
            // after boot) would land in the middle of a command's output: keep the console for the shell.
            await Ok(vm, "dmesg -n 1");
            return vm;
        }
        catch
        {
            vm.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command that must succeed in the guest's shell.</summary>
    public static Task<string> Ok(ConsoleProcess vm, string command) => ShellCommand.Ok(vm.Console, command, Command);

    /// <summary>The guest's lspci lines.</summary>
    public static async Task<string[]> Lspci(ConsoleProcess vm) =>
        (await Ok(vm, "lspci")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Powers the guest off; camkes-vm must exit with status 0.</summary>
    public static async Task PowerOff(ConsoleProcess vm)
    {
        await vm.Console.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(Command));
    }
}
