using System.Diagnostics;
using System.Globalization;

namespace CamkesVm.Bench;

/// <summary>
/// Host CPU use of an idle guest: boots our kernel and rootfs with <c>camkes-vm run</c> to <c>login:</c>, lets it
/// settle, then reads the child's user+system time from <c>/proc/&lt;pid&gt;/stat</c> over a window (20 s by
/// default) and prints it as a share of one core (issue 4 target: ≈ 0 %). Usage:
/// <c>idle [seconds] [Virtual|WallClock]</c>. Needs a Release build of the CLI; Linux only.
/// </summary>
internal static class IdleBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static int Run(string[] args)
    {
        int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        string time = args.Length > 1 ? args[1] : "Virtual";
        string root = BenchPaths.Root;
        if (GuestLaunch.FindCli(root) is not { } cli) return 2;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "run", "--kernel", Path.Combine(root, "linux/bzimage"), "--initrd", Path.Combine(root, "linux/rootfs.cpio"),
                                  "--append", BootBenchmark.Cmdline, "--memory", "128", "--time", time })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start camkes-vm");
        try
        {
            p.ErrorDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            if (!BootBenchmark.ReadUntil(p, "login:", TimeSpan.FromMinutes(5))) throw new InvalidOperationException("camkes-vm never printed login:");
            _ = Task.Run(() => p.StandardOutput.BaseStream.CopyTo(Stream.Null));
            Thread.Sleep(Settle);
            double cpu0 = CpuSeconds(p.Id);
            var clock = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            double cpu = CpuSeconds(p.Id) - cpu0, wall = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"idle guest at login: ({time} time)  {cpu:F2} s CPU in {wall:F1} s = {100 * cpu / wall:F2} % of one core");
            return 0;
        }
        finally
        {
            p.Kill(entireProcessTree: true);
        }
    }

    /// <summary>User + system CPU seconds of process <paramref name="pid"/> (proc(5): fields 14 and 15, in clock ticks).</summary>
    private static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');   // fields from 3 (state) on
        long ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return ticks / 100.0;                                             // USER_HZ
    }
}
