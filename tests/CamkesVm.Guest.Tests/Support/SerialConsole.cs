using System.Diagnostics;
using System.Text;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// Drives a guest's serial console attached to a process's stdin/stdout: waits for text with a
/// timeout and types lines. Everything the guest printed is kept as <see cref="Transcript"/>, so
/// a failure message can show what the console said.
/// </summary>
public sealed class SerialConsole
{
    private readonly StringBuilder _output = new();
    private readonly object _lock = new();
    private readonly Func<string, Task> _send;
    private readonly Func<bool> _hasExited;
    private int _cursor;

    /// <param name="send">Writes raw characters to the guest's serial input.</param>
    /// <param name="hasExited">Tells whether the other side has gone away (no more output will come).</param>
    public SerialConsole(Func<string, Task> send, Func<bool> hasExited)
    {
        _send = send;
        _hasExited = hasExited;
    }

    /// <summary>Everything received so far.</summary>
    public string Transcript
    {
        get { lock (_lock) { return _output.ToString(); } }
    }

    /// <summary>Feeds received characters (called by the reader of the process's output).</summary>
    public void Receive(ReadOnlySpan<char> text)
    {
        lock (_lock)
        {
            _output.Append(text);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Called when the output stream has ended.</summary>
    public void Closed()
    {
        lock (_lock) { Monitor.PulseAll(_lock); }
    }

    /// <summary>
    /// Waits until <paramref name="text"/> appears after the end of the previous match, and returns
    /// the output from the previous match up to and including this one.
    /// </summary>
    public string WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_lock)
        {
            while (true)
            {
                var at = _output.ToString(_cursor, _output.Length - _cursor).IndexOf(text, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var end = _cursor + at + text.Length;
                    var seen = _output.ToString(_cursor, end - _cursor);
                    _cursor = end;
                    return seen;
                }
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException(Describe($"'{text}' did not appear within {timeout.TotalSeconds:0} s"));
                }
                if (_hasExited())
                {
                    throw new InvalidOperationException(Describe($"the guest exited before '{text}' appeared"));
                }
                Monitor.Wait(_lock, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Types <paramref name="keys"/> as they are, without Enter.</summary>
    public Task Type(string keys) => _send(keys);

    /// <summary>Types a line followed by a carriage return (what a terminal's Enter key sends).</summary>
    public Task SendLine(string line) => _send(line + "\r");

    /// <summary>A failure message with the last part of the transcript.</summary>
    public string Describe(string problem)
    {
        var transcript = Transcript;
        var tail = transcript.Length > 4000 ? "..." + transcript[^4000..] : transcript;
        return $"{problem}. Console output (last part):\n{tail}";
    }
}
