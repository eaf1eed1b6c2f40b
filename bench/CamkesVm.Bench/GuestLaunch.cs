namespace CamkesVm.Bench;

/// <summary>
/// Boots linux/bzimage + linux/rootfs.cpio (128 MiB, the seed's command line) in camkes-vm and in Debian's
/// <c>qemu-system-i386 -accel tcg</c>, each with device arguments of its own (a disk, a network card), and logs
/// in on the serial console.
/// </summary>
internal sealed record GuestLaunch(string[] OursDevices, string[] QemuDevices)
{
    public const int MemoryMb = 128;

    /// <summary>Extra <c>camkes-vm run</c> options for our side (bench arguments after <c>--</c>, e.g. <c>-- --time WallClock</c>).</summary>
    public string[] OursOptions { get; init; } = [];

    /// <summary>Splits bench arguments at <c>--</c>: the positional figures before it, our run options after.</summary>
    public static (string[] Figures, string[] OursOptions) Split(string[] args)
    {
        int at = Array.IndexOf(args, "--");
        return at < 0 ? (args, []) : (args[..at], args[(at + 1)..]);
    }

    /// <summary>The built CLI, or null with a hint printed.</summary>
    public static string? FindCli(string root)
    {
        string cli = Path.Combine(root, "src/CamkesVm.Cli/bin/Release/net10.0/camkes-vm.dll");
        if (File.Exists(cli)) return cli;
        Console.Error.WriteLine($"build the CLI first: dotnet build -c Release src/CamkesVm.Cli ({cli} missing)");
        return null;
    }

    public GuestConsole BootOurs(string root, string cli) => Login(GuestConsole.Start("camkes-vm", "dotnet",
        [cli, "run", "--kernel", Kernel(root), "--initrd", Initrd(root), "--append", BootBenchmark.Cmdline, "--memory", $"{MemoryMb}", .. OursDevices, .. OursOptions]));

    public GuestConsole BootQemu(string root) => Login(GuestConsole.Start("qemu", "qemu-system-i386",
        ["-accel", "tcg", "-cpu", "pentium3", "-m", $"{MemoryMb}", "-display", "none", "-vga", "none", "-monitor", "none",
         "-serial", "stdio", "-no-reboot", "-kernel", Kernel(root), "-initrd", Initrd(root), "-append", BootBenchmark.Cmdline, .. QemuDevices]));

    private static string Kernel(string root) => Path.Combine(root, "linux/bzimage");
    private static string Initrd(string root) => Path.Combine(root, "linux/rootfs.cpio");

    private static GuestConsole Login(GuestConsole guest)
    {
        try
        {
            guest.Login();
            return guest;
        }
        catch
        {
            guest.Dispose();
            throw;
        }
    }
}
