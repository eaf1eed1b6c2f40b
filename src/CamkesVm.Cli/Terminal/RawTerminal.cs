using System.Diagnostics;

namespace CamkesVm.Cli.Terminal;

/// <summary>
/// Puts the controlling terminal in raw mode (no line editing, no echo, no signals: every key goes to the
/// guest, as with QEMU's <c>-nographic</c>) and restores the saved settings on dispose — also when the
/// process is stopped by an exception. Does nothing when standard input is not a terminal (pipes, tests).
/// </summary>
internal sealed class RawTerminal : IDisposable
{
    private readonly string? _saved;

    private RawTerminal(string? saved) => _saved = saved;

    /// <summary>Enters raw mode if stdin is a terminal.</summary>
    public static RawTerminal Enter()
    {
        if (Console.IsInputRedirected || !OperatingSystem.IsLinux()) return new RawTerminal(null);
        string? saved = Stty("-g");
        if (saved == null) return new RawTerminal(null);
        Stty("raw -echo");
        return new RawTerminal(saved.Trim());
    }

    /// <summary>True when the terminal was switched to raw mode.</summary>
    public bool IsRaw => _saved != null;

    public void Dispose()
    {
        if (_saved != null) Stty(_saved);
    }

    private static string? Stty(string args)
    {
        try
        {
            var psi = new ProcessStartInfo("stty", args) { RedirectStandardOutput = true, UseShellExecute = false };
            psi.Environment["LC_ALL"] = "C";
            using var p = Process.Start(psi);
            if (p == null) return null;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
