using System.Diagnostics;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// A process whose stdin/stdout carry a guest's serial console (QEMU with -serial stdio, or camkes-vm run):
/// output feeds a <see cref="SerialConsole"/>, input is typed into stdin, and the process is killed on dispose.
/// </summary>
public sealed class ConsoleProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Task _reader;
    private readonly System.Text.StringBuilder _stderr = new();

    public SerialConsole Console { get; }

    private ConsoleProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        Console = new SerialConsole(Send, () => _process.HasExited);
        _reader = Task.Run(ReadOutput);
    }

    /// <summary>What the process printed on stderr (diagnostics, not the guest's console).</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="args"/>, stdio redirected. With <paramref name="stderrTag"/>
    /// the process's stderr lines also go into the console transcript, marked "[tag]", so failures show them in place.
    /// </summary>
    public static ConsoleProcess Start(string file, IEnumerable<string> args, string? stderrTag = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var cp = new ConsoleProcess(process, stderrTag ?? Path.GetFileName(file));
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (cp._stderr) cp._stderr.AppendLine(e.Data);
            if (stderrTag != null) cp.Console.Receive($"\n[{stderrTag}] {e.Data}\n");
        };
        process.BeginErrorReadLine();
        return cp;
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException(Console.Describe($"{_name} did not exit within {timeout.TotalSeconds:0} s"));
        _reader.Wait(TimeSpan.FromSeconds(10));
        _process.WaitForExit();
        return _process.ExitCode;
    }

    private async Task Send(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    private async Task ReadOutput()
    {
        var buffer = new char[4096];
        var stdout = _process.StandardOutput;
        int n;
        while ((n = await stdout.ReadAsync(buffer.AsMemory())) > 0) Console.Receive(buffer.AsSpan(0, n));
        Console.Closed();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
