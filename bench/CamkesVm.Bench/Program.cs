namespace CamkesVm.Bench;

/// <summary>Benchmarks of camkes-vm; see the README section "Benchmarks". Not timed tests: they print figures.</summary>
public static class Program
{
    private static readonly Dictionary<string, (string Help, Func<string[], int> Run)> Benchmarks = new()
    {
        ["cpu"] = ("x86 interpreter MIPS: register loop and load/store loop with paging", CpuBenchmark.Run),
        ["boot"] = ("time to login: for both guests, camkes-vm vs qemu-system-i386 TCG (target ratio <= 3)", BootBenchmark.Run),
        ["idle"] = ("host CPU of an idle guest at login: over 20 s, from /proc/<pid>/stat (target ~0 %)", IdleBenchmark.Run),
        ["adl"] = ("ADL compiler warm time: largest conformance spec and the seed app (target < 20 ms)", AdlBenchmark.Run),
        ["disk"] = ("guest dd MB/s on the SATA disk (AHCI): camkes-vm vs qemu-system-i386 TCG, same image", DiskBenchmark.Run),
        ["net"] = ("guest<->host TCP MB/s over the 82574L on user NAT: camkes-vm vs qemu-system-i386 TCG", NetBenchmark.Run),
        ["xvm"] = ("cross-VM round trips/s (target >= 50,000) and dataport copy MiB/s: apps/xvm_bench in process", CrossVm.XvmBenchmark.Run),
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var bench))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project bench/CamkesVm.Bench -- <benchmark> [options]");
            foreach (var (name, b) in Benchmarks) Console.Error.WriteLine($"  {name,-8} {b.Help}");
            return 2;
        }
        return bench.Run(args[1..]);
    }
}
