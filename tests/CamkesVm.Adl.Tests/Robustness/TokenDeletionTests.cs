using System.Diagnostics;
using CamkesVm.Adl.Preprocessing;
using CamkesVm.Adl.Tests.Conformance;
using Xunit.Abstractions;

namespace CamkesVm.Adl.Tests.Robustness;

/// <summary>
/// Robustness: a conformance spec with one token deleted never makes the compiler throw, and when the
/// result is rejected, every error has a real position (file, line, column). To keep the run to a few
/// seconds the deletions are sampled: every token of specs up to <see cref="AllTokensUpTo"/> tokens, and
/// <see cref="AllTokensUpTo"/> evenly spaced tokens (first and last included) of larger ones.
/// </summary>
public sealed class TokenDeletionTests(ITestOutputHelper output)
{
    private const int AllTokensUpTo = 30;

    [Fact]
    public void Deleting_any_token_never_crashes_and_errors_are_positioned()
    {
        var clock = Stopwatch.StartNew();
        int runs = 0, rejected = 0, accepted = 0, tokens = 0;
        var failures = new List<string>();
        foreach (var golden in GoldenCorpus.All.DistinctBy(g => (g.SpecPath, g.Preprocess)))
        {
            var text = File.ReadAllText(golden.SpecPath);
            var spans = SpecTokens.Find(text);
            tokens += spans.Count;
            foreach (var (start, length) in Sample(spans))
            {
                runs++;
                var mutated = text.Remove(start, length);
                var result = Compile(golden, mutated);
                if (result is null)
                {
                    failures.Add($"{golden.Id}: deleting offset {start} ('{text.Substring(start, length)}') threw");
                    continue;
                }
                if (result.Succeeded)
                {
                    accepted++;
                    continue;
                }
                rejected++;
                var unpositioned = result.Diagnostics.FirstOrDefault(d => d.IsError && (!d.Location.IsKnown || d.Location.Column <= 0 || string.IsNullOrEmpty(d.Location.File)));
                if (unpositioned is not null)
                {
                    failures.Add($"{golden.Id}: deleting offset {start} ('{text.Substring(start, length)}') gave an unpositioned error: {unpositioned}");
                }
            }
        }
        output.WriteLine($"token deletion: {runs} mutated specs ({tokens} tokens in {GoldenCorpus.All.Count} cases, sampled), "
            + $"{rejected} rejected with positioned errors, {accepted} still valid, {failures.Count} failures, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(rejected > runs / 2, $"most deletions should break a spec: {rejected} of {runs}");
    }

    /// <summary>
    /// The shipped seed app, every token of cma34cr.camkes deleted in turn (a copy in a temporary folder):
    /// errors are positioned also through the VM_* macros, and the guest reader never throws on what compiles.
    /// </summary>
    [Fact]
    public void Deleting_any_token_of_the_seed_app_never_crashes_and_errors_are_positioned()
    {
        var folder = Directory.CreateTempSubdirectory("camkes-robust-").FullName;
        var app = Path.Combine(folder, "cma34cr_minimal");
        try
        {
            CopyFolder(Seed.SeedApp.ShippedApp, app);
            var camkes = Path.Combine(app, "cma34cr.camkes");
            var text = File.ReadAllText(camkes);
            var failures = new List<string>();
            var spans = SpecTokens.Find(text);
            foreach (var (start, length) in spans)
            {
                File.WriteAllText(camkes, text.Remove(start, length));
                var what = $"deleting '{text.Substring(start, length)}' at offset {start}";
                try
                {
                    var result = AdlCompiler.CompileFile(Path.Combine(app, "vm.camkes"));
                    if (result.Assembly is { } assembly)
                    {
                        _ = CamkesVm.Adl.Vm.GuestConfigurationReader.Read(assembly);
                    }
                    else if (result.Diagnostics.FirstOrDefault(d => d.IsError && !d.Location.IsKnown) is { } unpositioned)
                    {
                        failures.Add($"{what}: unpositioned error {unpositioned}");
                    }
                }
                catch (Exception e)
                {
                    failures.Add($"{what}: threw {e.GetType().Name}: {e.Message}");
                }
            }
            output.WriteLine($"seed app token deletion: {spans.Count} mutated specs, {failures.Count} failures");
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static IEnumerable<(int Start, int Length)> Sample(List<(int Start, int Length)> spans)
    {
        if (spans.Count <= AllTokensUpTo)
        {
            return spans;
        }
        return Enumerable.Range(0, AllTokensUpTo).Select(i => spans[(int)((long)i * (spans.Count - 1) / (AllTokensUpTo - 1))]).Distinct();
    }

    /// <summary>Compiles the mutated text as if it were the spec file; null when the compiler threw.</summary>
    private static CompilationResult? Compile(GoldenCase golden, string text)
    {
        var options = new CompileOptions
        {
            Preprocess = golden.Preprocess,
            IncludeDirectories = [Path.GetDirectoryName(golden.SpecPath)!],
            Autoconf = AutoconfHeader.ForSpec(golden.SpecPath),
        };
        try
        {
            return AdlCompiler.CompileText(text, golden.SpecPath, options);
        }
        catch (Exception)
        {
            return null;
        }
    }
}
