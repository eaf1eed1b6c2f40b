using System.Diagnostics;
using System.Text;

namespace CamkesVm.Bench;

/// <summary>
/// What a guest printed on its console, with the host time (Stopwatch ticks) each piece arrived; one reader waits
/// for markers in order. Thread-safe: the producer appends from its own thread.
/// </summary>
internal sealed class ConsoleTranscript(string name)
{
    private readonly object _gate = new();
    private readonly StringBuilder _text = new();
    private readonly List<(int End, long Timestamp)> _arrivals = [];
    private int _consumed;
    private bool _closed;

    /// <summary>Producer: <paramref name="text"/> arrived now.</summary>
    public void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        long now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _text.Append(text);
            _arrivals.Add((_text.Length, now));
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Producer: the guest stopped; waiters give up.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits for <paramref name="marker"/> after what earlier waits consumed; returns the output up to and including
    /// it and the timestamp of the piece that completed it.
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
                    throw new TimeoutException($"{name}: no \"{marker}\" on the console ({(_closed ? "the guest stopped" : "timed out")}); its last output:\n{Tail()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    private string Tail() => _text.ToString(Math.Max(0, _text.Length - 2000), Math.Min(2000, _text.Length));
}
