using System.Globalization;
using Spectre.Console;

namespace CamkesVm.Bench;

/// <summary>Throughput figures (MB/s, 10^6 bytes per second, median of the runs) for camkes-vm beside QEMU, as a table.</summary>
internal sealed class ThroughputTable(string title)
{
    private readonly List<(string Test, double Ours, double Qemu)> _rows = [];

    /// <summary>Megabytes per second for <paramref name="bytes"/> moved in <paramref name="elapsed"/>.</summary>
    public static double MBps(long bytes, TimeSpan elapsed) => bytes / elapsed.TotalSeconds / 1e6;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public void Add(string test, double ours, double qemu) => _rows.Add((test, ours, qemu));

    public void Print(int runs)
    {
        var table = new Table { Title = new TableTitle(title) };
        table.AddColumn("test");
        table.AddColumn(new TableColumn("camkes-vm MB/s").RightAligned());
        table.AddColumn(new TableColumn("QEMU TCG MB/s").RightAligned());
        table.AddColumn(new TableColumn("ratio").RightAligned());
        foreach (var (test, ours, qemu) in _rows)
            table.AddRow(test, F(ours), F(qemu), (ours / qemu).ToString("F2", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        Console.WriteLine($"median of {runs} runs; {Load()}");
    }

    private static string F(double v) => v.ToString(v < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string Load()
    {
        try { return "loadavg " + File.ReadAllText("/proc/loadavg").Trim() + $", {Environment.ProcessorCount} cores"; }
        catch (IOException) { return "unknown"; }
    }
}
