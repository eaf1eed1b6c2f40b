using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace CamkesVm.X86.Tests.Support;

/// <summary>
/// The host CPU as a reference: compiles HostOracle/oracle.c with the machine's gcc (once per test run,
/// into a temporary folder keyed by the source hash) and feeds it instructions with register inputs.
/// The helper is a 64-bit process, so only instruction encodings that mean the same in 32- and 64-bit
/// mode may be sent (no 40–4F, no memory operands).
/// </summary>
public sealed class HostOracle : IDisposable
{
    private static readonly Lazy<HostOracle> Shared = new(() => new HostOracle(Build()));
    private readonly Process _process;
    private readonly object _lock = new();

    private HostOracle(string exe)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
    }

    /// <summary>The process-wide oracle.</summary>
    public static HostOracle Instance => Shared.Value;

    /// <summary>Runs each case on the host CPU and returns the outcomes in order.</summary>
    public CpuOutcome[] Run(IReadOnlyList<CpuCase> cases)
    {
        var input = new System.Text.StringBuilder();
        foreach (var c in cases)
        {
            input.Append(Convert.ToHexString(c.HostCode ?? c.Code));
            foreach (var r in c.Regs) input.Append(' ').Append(r.ToString("x", CultureInfo.InvariantCulture));
            input.Append(' ').Append(c.Eflags.ToString("x", CultureInfo.InvariantCulture));
            input.Append(' ').Append(Convert.ToHexString(c.Memory)).Append('\n');
        }
        var results = new CpuOutcome[cases.Count];
        lock (_lock)
        {
            var writer = Task.Run(() =>
            {
                _process.StandardInput.Write(input.ToString());
                _process.StandardInput.Flush();
            });
            for (int i = 0; i < cases.Count; i++)
            {
                string line = _process.StandardOutput.ReadLine()
                    ?? throw new InvalidOperationException("host oracle ended unexpectedly");
                results[i] = Parse(line);
            }
            writer.Wait();
        }
        return results;
    }

    private static CpuOutcome Parse(string line)
    {
        if (line.StartsWith('#')) return CpuOutcome.FromException(line);
        if (line.StartsWith("ERROR", StringComparison.Ordinal)) throw new InvalidOperationException($"host oracle: {line}");
        var parts = line.Split(' ');
        var v = new uint[8];
        for (int i = 0; i < 8; i++) v[i] = uint.Parse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new CpuOutcome(v[..7], v[7], null, Convert.FromHexString(parts[8]));
    }

    private static string Build()
    {
        string src = Path.Combine(AppContext.BaseDirectory, "HostOracle");
        string[] files = [Path.Combine(src, "oracle.c"), Path.Combine(src, "trampoline.S")];
        foreach (var f in files)
            if (!File.Exists(f)) throw new FileNotFoundException($"host oracle source missing (is it copied to the test output?): {f}");
        string hash = Convert.ToHexString(SHA256.HashData(files.SelectMany(File.ReadAllBytes).ToArray()))[..16];
        string dir = Path.Combine(Path.GetTempPath(), $"camkesvm-host-oracle-{Environment.UserName}");
        Directory.CreateDirectory(dir);
        string exe = Path.Combine(dir, $"oracle-{hash}");
        if (File.Exists(exe)) return exe;
        string tmp = exe + $".{Environment.ProcessId}.tmp";
        var psi = new ProcessStartInfo("gcc", ["-O1", "-o", tmp, .. files]) { RedirectStandardError = true, UseShellExecute = false };
        using var gcc = Process.Start(psi) ?? throw new InvalidOperationException("could not start gcc; install it (apt-get install gcc)");
        string err = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0) throw new InvalidOperationException($"building the host oracle failed:\n{err}");
        File.Move(tmp, exe, overwrite: true);
        return exe;
    }

    public void Dispose()
    {
        _process.Kill();
        _process.Dispose();
    }
}
