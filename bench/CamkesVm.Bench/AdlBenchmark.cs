using System.Diagnostics;
using System.Globalization;
using CamkesVm.Adl;

namespace CamkesVm.Bench;

/// <summary>
/// ADL compiler speed (issue 5): warm time to preprocess, parse and resolve (a) the largest spec of the
/// conformance corpus (../shared/conformance/camkes) and (b) the seed's app apps/cma34cr_minimal/vm.camkes
/// with the whole built-in VM library. Target: under 20 ms each. Usage: <c>adl [iterations]</c>; prints
/// the median and the fastest compile after a two-second warm-up.
/// </summary>
internal static class AdlBenchmark
{
    private const double TargetMs = 20;

    /// <summary>Long enough for tiered JIT to finish promoting the compiler's methods.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static int Run(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var root = RepositoryRoot();
        if (root is null)
        {
            Console.Error.WriteLine("adl: run from inside the repository (CamkesVm.sln not found above the current folder)");
            return 2;
        }
        var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance", "camkes"));
        var largest = Directory.Exists(corpus)
            ? Directory.EnumerateFiles(corpus, "*.camkes", SearchOption.AllDirectories).MaxBy(f => new FileInfo(f).Length)
            : null;
        var ok = true;
        if (largest is null)
        {
            Console.WriteLine($"largest conformance spec: skipped, no corpus at {corpus}");
        }
        else
        {
            ok &= Report($"largest conformance spec ({Path.GetRelativePath(corpus, largest)}, {new FileInfo(largest).Length} bytes)", largest, iterations);
        }
        ok &= Report("seed app (apps/cma34cr_minimal/vm.camkes)", Path.Combine(root, "apps", "cma34cr_minimal", "vm.camkes"), iterations);
        return ok ? 0 : 1;
    }

    private static bool Report(string name, string spec, int iterations)
    {
        var first = AdlCompiler.CompileFile(spec);
        for (var warm = Stopwatch.StartNew(); warm.Elapsed < WarmUp;)
        {
            AdlCompiler.CompileFile(spec);
        }
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            AdlCompiler.CompileFile(spec);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        var median = times[iterations / 2];
        var verdict = first.Succeeded ? "accepted" : $"rejected at {first.FailedStage}";
        Console.WriteLine(FormattableString.Invariant(
            $"{name}: {verdict}; median {median:F2} ms, fastest {times[0]:F2} ms over {iterations} warm runs (target < {TargetMs} ms: {(median < TargetMs ? "met" : "MISSED")})"));
        return median < TargetMs;
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CamkesVm.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
