using System.Diagnostics;

namespace CamkesVm.Bench;

/// <summary>
/// Time from start to the guest's <c>login:</c> prompt, for our kernel+rootfs and for the original project's
/// 4.8.16 guest, booted by camkes-vm and by Debian's <c>qemu-system-i386 -accel tcg</c> on the same images and
/// command line; prints medians and the ratio ours/QEMU (issue 4 target: ≤ 3×). Usage: <c>boot [runs]</c>.
/// Needs a Release build of the CLI and qemu-system-x86 installed.
/// </summary>
internal static class BootBenchmark
{
    internal const string Cmdline = "console=ttyS0,115200 i8042.nokbd=y i8042.nomux=y i8042.noaux=y io_delay=udelay noisapnp pci=nomsi";

    public static int Run(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        string root = BenchPaths.Root;
        if (GuestLaunch.FindCli(root) is not { } cli) return 2;
        var guests = new[]
        {
            ("camkes-vm linux 6.1", Path.Combine(root, "linux/bzimage"), Path.Combine(root, "linux/rootfs.cpio"), 128),
            ("seL4 linux 4.8.16", Path.Combine(root, "../shared/seL4-images/bzimage-4.8.16"), Path.Combine(root, "../shared/seL4-images/rootfs-bare.cpio"), 256),
        };
        foreach (var (name, kernel, initrd, mb) in guests)
        {
            double ours = Median(runs, () => TimeToLogin("dotnet", [cli, "run", "--kernel", kernel, "--initrd", initrd, "--append", Cmdline, "--memory", $"{mb}"]));
            double qemu = Median(runs, () => TimeToLogin("qemu-system-i386", ["-accel", "tcg", "-cpu", "pentium2", "-m", $"{mb}", "-display", "none",
                "-vga", "none", "-nic", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot", "-kernel", kernel, "-initrd", initrd, "-append", Cmdline]));
            Console.WriteLine($"{name,-22} camkes-vm {ours,6:F2} s   qemu tcg {qemu,6:F2} s   ratio {ours / qemu:F2}  (median of {runs})");
        }
        return 0;
    }

    private static double Median(int runs, Func<double> measure)
    {
        var t = Enumerable.Range(0, runs).Select(_ => measure()).Order().ToList();
        return t[t.Count / 2];
    }

    private static double TimeToLogin(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        try
        {
            if (ReadUntil(p, "login:", TimeSpan.FromMinutes(5))) return clock.Elapsed.TotalSeconds;
            throw new InvalidOperationException($"{file} never printed login:");
        }
        finally
        {
            p.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Reads <paramref name="p"/>'s standard output until <paramref name="text"/> appears (false: it ended or time ran out).</summary>
    internal static bool ReadUntil(Process p, string text, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var seen = new System.Text.StringBuilder();
        var buffer = new char[4096];
        while (clock.Elapsed < limit)
        {
            int n = p.StandardOutput.Read(buffer, 0, buffer.Length);
            if (n <= 0) return false;
            seen.Append(buffer, 0, n);
            if (seen.ToString().Contains(text)) return true;
        }
        return false;
    }
}
