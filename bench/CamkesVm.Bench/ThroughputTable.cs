using System.Globalization;
using Spectre.Console;

namespace CamkesVm.Bench;

/// <summary>
/// One transfer: megabytes (10^6 bytes) per second of host wall-clock time, and per second of host CPU time used
/// by the guest's process (the figure that stays comparable on a loaded machine).
/// </summary>
internal readonly record struct Throughput(double Wall, double PerCpu)
{
    public static Throughput Of(long bytes, TimeSpan wall, TimeSpan cpu) =>
        new(bytes / wall.TotalSeconds / 1e6, bytes / Math.Max(cpu.TotalSeconds, 1e-3) / 1e6);

    public override string ToString() => $"{Wall:F2} MB/s, {PerCpu:F2} MB/CPU-s";

    /// <summary>The medians of the wall and CPU figures, each on its own.</summary>
    public static Throughput Median(IReadOnlyCollection<Throughput> runs) =>
        new(MedianOf(runs.Select(r => r.Wall)), MedianOf(runs.Select(r => r.PerCpu)));

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>Throughput figures (median of the runs) for camkes-vm beside QEMU, as a table with the ratios ours/QEMU.</summary>
internal sealed class ThroughputTable(string title)
{
    private readonly List<(string Test, Throughput Ours, Throughput Qemu)> _rows = [];

    public void Add(string test, Throughput ours, Throughput qemu) => _rows.Add((test, ours, qemu));

    public void Print(int runs)
    {
        var table = new Table { Title = new TableTitle(title) };
        table.AddColumn("test");
        foreach (var column in new[] { "camkes-vm MB/s", "QEMU TCG MB/s", "ratio", "camkes-vm MB/CPU-s", "QEMU MB/CPU-s", "ratio" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var (test, ours, qemu) in _rows)
            table.AddRow(test, F(ours.Wall), F(qemu.Wall), Ratio(ours.Wall, qemu.Wall), F(ours.PerCpu), F(qemu.PerCpu), Ratio(ours.PerCpu, qemu.PerCpu));
        AnsiConsole.Write(table);
        Console.WriteLine($"median of {runs} runs; {Load()}");
    }

    private static string Ratio(double ours, double qemu) => (ours / qemu).ToString("F2", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString(v < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string Load()
    {
        try { return "loadavg " + File.ReadAllText("/proc/loadavg").Trim() + $", {Environment.ProcessorCount} cores"; }
        catch (IOException) { return "unknown"; }
    }
}
