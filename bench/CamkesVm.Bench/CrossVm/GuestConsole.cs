using System.Diagnostics;
using System.Text;

namespace CamkesVm.Bench.CrossVm;

/// <summary>
/// The serial console of an in-process guest for a benchmark: output is collected with the host time (Stopwatch
/// ticks) at which it arrived, so a harness can time a guest program between two lines it prints.
/// </summary>
internal sealed class GuestConsole(Action<byte[]> type)
{
    private readonly object _gate = new();
    private readonly StringBuilder _text = new();
    private readonly List<byte> _pending = [];
    private readonly List<(int End, long Timestamp)> _arrivals = [];
    private int _consumed;
    private bool _closed;

    /// <summary>Machine thread: one byte of COM1 output.</summary>
    public void Byte(byte b) => _pending.Add(b);

    /// <summary>Machine thread: the bytes since the last flush are complete.</summary>
    public void Flush()
    {
        if (_pending.Count == 0) return;
        long now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _text.Append(Encoding.Latin1.GetString(_pending.ToArray()));
            _arrivals.Add((_text.Length, now));
            Monitor.PulseAll(_gate);
        }
        _pending.Clear();
    }

    /// <summary>The guest stopped: waiters give up.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    public void Send(string text) => type(Encoding.ASCII.GetBytes(text));

    /// <summary>
    /// Waits for <paramref name="marker"/> after what earlier waits consumed; returns the output up to and including
    /// it and the Stopwatch timestamp at which the machine flushed the output that completed it.
    /// </summary>
    public (string Text, long Timestamp) WaitFor(string marker, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                int at = _text.ToString(_consumed, _text.Length - _consumed).IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    int end = _consumed + at + marker.Length;
                    string seen = _text.ToString(_consumed, end - _consumed);
                    _consumed = end;
                    return (seen, _arrivals.First(a => a.End >= end).Timestamp);
                }
                var left = timeout - clock.Elapsed;
                if (_closed || left <= TimeSpan.Zero)
                    throw new TimeoutException($"the guest did not print \"{marker}\" ({(_closed ? "it stopped" : "timeout")}); its last output:\n{Tail()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    private string Tail() => _text.ToString(Math.Max(0, _text.Length - 2000), Math.Min(2000, _text.Length));
}
