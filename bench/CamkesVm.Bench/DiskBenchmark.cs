using System.Globalization;

namespace CamkesVm.Bench;

/// <summary>
/// Guest sequential disk throughput: busybox <c>dd</c> of N MiB (default 32, 1 MiB blocks) to and from the raw
/// block device <c>/dev/sda</c> on an AHCI controller (Linux <c>ahci</c>), in camkes-vm (<c>--disk IMG</c>, the
/// cma34cr SATA controller) and in <c>qemu-system-i386 -accel tcg</c> (<c>-device ahci</c> + <c>ide-hd</c>),
/// on the same blank raw image. Write: <c>conv=fsync</c>, so the figure includes the guest's cache flush (a
/// host fsync in both: QEMU's default <c>cache=writeback</c>, ours writes through to the host page cache and
/// fsyncs on FLUSH CACHE). Read: after <c>echo 3 &gt; /proc/sys/vm/drop_caches</c>, so every block comes from the
/// device. Timed on the host clock from sending the command to its end marker on the console, and by the CPU time
/// the guest's process used meanwhile (<see cref="Throughput"/>); medians of the runs.
/// Usage: <c>disk [runs] [MiB] [-- camkes-vm run options]</c>.
/// </summary>
internal static class DiskBenchmark
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    public static int Run(string[] all)
    {
        var (args, oursOptions) = GuestLaunch.Split(all);
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        int mib = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        string root = BenchPaths.Root;
        if (GuestLaunch.FindCli(root) is not { } cli) return 2;
        string image = Path.Combine(Path.GetTempPath(), $"camkes-vm-bench-disk-{Environment.ProcessId}.img");
        try
        {
            using (var f = File.Create(image)) f.SetLength((mib + 16) * 1024L * 1024);
            var launch = new GuestLaunch(["--disk", $"{image},mode=ahci"],
                ["-nic", "none", "-device", "ahci,id=a", "-drive", $"if=none,id=d,file={image},format=raw", "-device", "ide-hd,drive=d,bus=a.0"]) { OursOptions = oursOptions };
            var (oursWrite, oursRead) = Measure(launch.BootOurs(root, cli), runs, mib);
            var (qemuWrite, qemuRead) = Measure(launch.BootQemu(root), runs, mib);
            var table = new ThroughputTable($"guest dd on /dev/sda (AHCI), {mib} MiB, bs=1M");
            table.Add("write conv=fsync", oursWrite, qemuWrite);
            table.Add("read, caches dropped", oursRead, qemuRead);
            table.Print(runs);
            return 0;
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static (Throughput Write, Throughput Read) Measure(GuestConsole guest, int runs, int mib)
    {
        using (guest)
        {
            long bytes = mib * 1024L * 1024;
            var writes = new List<Throughput>();
            var reads = new List<Throughput>();
            for (int i = 0; i < runs; i++)
            {
                writes.Add(Timed(guest, bytes, $"dd if=/dev/zero of=/dev/sda bs=1M count={mib} conv=fsync"));
                guest.Run("sync; echo 3 > /proc/sys/vm/drop_caches", CommandTimeout);
                reads.Add(Timed(guest, bytes, $"dd if=/dev/sda of=/dev/null bs=1M count={mib}"));
                Console.Error.WriteLine($"{guest.Name} run {i + 1}: write {writes[^1]}, read {reads[^1]}");
            }
            return (Throughput.Median(writes), Throughput.Median(reads));
        }
    }

    private static Throughput Timed(GuestConsole guest, long bytes, string command)
    {
        var cpu = guest.CpuTime;
        var wall = guest.Run(command, CommandTimeout).Elapsed;
        return Throughput.Of(bytes, wall, guest.CpuTime - cpu);
    }
}
