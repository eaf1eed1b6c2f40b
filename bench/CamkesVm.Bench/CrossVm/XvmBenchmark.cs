using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CamkesVm.Bench.CrossVm;

/// <summary>
/// Cross-VM connectors (issue 6 benchmark): boots apps/xvm_bench in this process (vm0 and the native C# EchoServer),
/// logs in and runs linux/pkg/camkes_bench — <c>rtt N</c> (emit, wait for the reply event, N times; target ≥ 50,000
/// round trips/s), <c>rtt-spin N</c> (the same, waiting by polling instead of sleeping) and <c>copy MB</c> (MB MiB into a 1 MiB dataport, checksummed and complemented by the native side,
/// read back) — timing each run on the host clock between the program's start and done lines, after a warm-up run.
/// Usage: <c>xvm [N] [MB] [runs]</c> (default 20000 16 5); prints every run and the medians. The guest clock is virtual,
/// as in <c>camkes-vm run</c>.
/// </summary>
internal static partial class XvmBenchmark
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(5), Command = TimeSpan.FromMinutes(5);

    public static int Run(string[] args)
    {
        long n = Argument(args, 0, 20_000), mb = Argument(args, 1, 16), runs = Argument(args, 2, 5);
        string app = Path.Combine(BenchPaths.Root, "apps", "xvm_bench");
        Console.WriteLine($"xvm: {app}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        using var guest = XvmGuest.Boot(app);
        guest.Console.WaitFor("login:", Boot);
        guest.Command("root", "Password:");
        guest.Command("root", "# ");
        Measure(guest, "rtt 5000", 5000);   // warm-up, not counted
        var rtt = Enumerable.Range(0, (int)runs).Select(_ => Measure(guest, $"rtt {n}", n)).ToList();
        var spin = Enumerable.Range(0, (int)runs).Select(_ => Measure(guest, $"rtt-spin {n}", n)).ToList();
        var copy = Enumerable.Range(0, (int)runs).Select(_ => Measure(guest, $"copy {mb}", mb)).ToList();
        Console.WriteLine($"xvm rtt  {n} round trips: median {Median(rtt, r => r.PerSecond):N0} round trips/s " +
                          $"({Median(rtt, r => r.PerCpuSecond):N0} per process CPU-second, {Median(rtt, r => r.GuestInstructions):N0} guest instructions each; target 50,000/s)");
        Console.WriteLine($"xvm rtt-spin {n} round trips: median {Median(spin, r => r.PerSecond):N0} round trips/s " +
                          $"({Median(spin, r => r.PerCpuSecond):N0} per process CPU-second, {Median(spin, r => r.GuestInstructions):N0} guest instructions each)");
        Console.WriteLine($"xvm copy {mb} MiB each way: median {Median(copy, r => r.PerSecond):N1} MiB/s written and read back " +
                          $"({Median(copy, r => r.PerCpuSecond):N1} per process CPU-second)");
        guest.Console.Send("poweroff\n");
        return 0;
    }

    private sealed record Sample(double PerSecond, double PerCpuSecond, double GuestInstructions);

    /// <summary>Runs <c>camkes_bench ARGS</c>; checks its done line (every reply matched) and times start → done.</summary>
    private static Sample Measure(XvmGuest guest, string arguments, long units)
    {
        // the program's own lines, in full: the kernel's console messages say "done" too ("random: crng init done")
        string phase = arguments.StartsWith("copy", StringComparison.Ordinal) ? "copy" : "rtt";
        long sent = Stopwatch.GetTimestamp();
        guest.Console.Send($"camkes_bench {arguments}\n");
        var (_, start) = guest.Console.WaitFor($"camkes_bench: {phase} start", Command);
        long cpuStart = CpuNow(), instructionsStart = guest.Machine.Cpu.InstructionCount;
        var (_, done) = guest.Console.WaitFor($"camkes_bench: {phase} done", Command);
        long cpuDone = CpuNow(), instructionsDone = guest.Machine.Cpu.InstructionCount;
        var (line, _) = guest.Console.WaitFor("# ", Command);
        var counts = DoneLine().Match(line);
        if (!counts.Success || counts.Groups["ok"].Value != counts.Groups["all"].Value)
            throw new InvalidOperationException($"camkes_bench {arguments} reported mismatches: {line.Trim()}");
        double seconds = Stopwatch.GetElapsedTime(start, done).TotalSeconds, cpu = (cpuDone - cpuStart) / 1e7;
        long rounds = arguments.StartsWith("rtt", StringComparison.Ordinal) ? units : int.Parse(counts.Groups["all"].Value, CultureInfo.InvariantCulture);
        var sample = new Sample(units / seconds, units / Math.Max(cpu, 1e-9), (instructionsDone - instructionsStart) / (double)rounds);
        Console.WriteLine($"  camkes_bench {arguments}: sent->start {Stopwatch.GetElapsedTime(sent, start).TotalSeconds:F3} s, start->done {seconds:F3} s, {sample.PerSecond:N1}/s, {cpu:F3} CPU-s, {sample.GuestInstructions:N0} guest instructions per round trip");
        return sample;
    }

    [GeneratedRegex(@"(?:n|chunks)=(?<all>\d+)\s+ok=(?<ok>\d+)")]
    private static partial Regex DoneLine();

    private static long CpuNow() => Process.GetCurrentProcess().TotalProcessorTime.Ticks;

    private static double Median(List<Sample> samples, Func<Sample, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static long Argument(string[] args, int index, long fallback) =>
        args.Length > index ? long.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
