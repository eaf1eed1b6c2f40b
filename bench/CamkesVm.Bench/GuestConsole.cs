using System.Diagnostics;

namespace CamkesVm.Bench;

/// <summary>
/// A guest's serial console on a child process's stdin/stdout (camkes-vm run in pipe mode, or QEMU with
/// <c>-serial stdio</c>): logs in as root/root and runs shell commands, timing them on the host's clock.
/// Killed (with its process tree) when disposed.
/// </summary>
internal sealed class GuestConsole : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(10);
    private const string EndMarker = "@@42@@", EndMarkerTyped = "@@$((6*7))@@";

    private readonly Process _process;
    private readonly ConsoleTranscript _transcript;
    private readonly Thread _reader;

    public string Name { get; }

    /// <summary>Host CPU time the guest's process (the VMM or QEMU, all threads) has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    private GuestConsole(string name, Process process)
    {
        Name = name;
        _process = process;
        _transcript = new ConsoleTranscript(name);
        _reader = new Thread(ReadOutput) { IsBackground = true, Name = $"{name} console" };
        _reader.Start();
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/>, its stderr discarded.</summary>
    public static GuestConsole Start(string name, string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {file}: {e.Message} (qemu-system-i386 comes with Debian's qemu-system-x86: scripts/install-test-deps.sh)", e);
        }
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return new GuestConsole(name, p);
    }

    private void ReadOutput()
    {
        var buffer = new char[4096];
        int n;
        while ((n = _process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0) _transcript.Append(buffer.AsSpan(0, n));
        _transcript.Close();
    }

    /// <summary>Waits for <paramref name="text"/> after what earlier waits consumed; returns the output up to it.</summary>
    public string WaitFor(string text, TimeSpan timeout) => _transcript.WaitFor(text, timeout).Text;

    public void SendLine(string line)
    {
        _process.StandardInput.Write(line + "\n");
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the login prompt, logs in as root/root and waits for the shell prompt.</summary>
    public void Login()
    {
        WaitFor("login:", BootTimeout);
        SendLine("root");
        WaitFor("Password:", BootTimeout);
        SendLine("root");
        WaitFor("# ", BootTimeout);
    }

    /// <summary>Runs a shell command that must succeed; returns its output and the host time it took.</summary>
    public (string Output, TimeSpan Elapsed) Run(string command, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        SendLine($"{command}; echo \"rc=$? {EndMarkerTyped}\"");
        string seen = WaitFor(EndMarker, timeout).Replace("\r", "");
        var elapsed = clock.Elapsed;
        int echo = seen.LastIndexOf(EndMarkerTyped, StringComparison.Ordinal);
        string body = echo < 0 ? seen : seen[(seen.IndexOf('\n', echo) + 1)..];
        int rc = body.LastIndexOf("rc=", StringComparison.Ordinal);
        if (rc < 0 || !body[(rc + 3)..].StartsWith("0 ", StringComparison.Ordinal))
            throw new InvalidOperationException($"{Name}: '{command}' failed:\n{body}");
        return (body[..rc], elapsed);
    }

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
