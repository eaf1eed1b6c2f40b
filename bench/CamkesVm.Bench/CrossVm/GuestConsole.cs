using System.Text;

namespace CamkesVm.Bench.CrossVm;

/// <summary>
/// The serial console of an in-process guest for a benchmark: output is collected with the host time (Stopwatch
/// ticks) at which it arrived, so a harness can time a guest program between two lines it prints.
/// </summary>
internal sealed class GuestConsole(Action<byte[]> type)
{
    private readonly ConsoleTranscript _transcript = new("vm0");
    private readonly List<byte> _pending = [];

    /// <summary>Machine thread: one byte of COM1 output.</summary>
    public void Byte(byte b) => _pending.Add(b);

    /// <summary>Machine thread: the bytes since the last flush are complete.</summary>
    public void Flush()
    {
        if (_pending.Count == 0) return;
        _transcript.Append(Encoding.Latin1.GetString(_pending.ToArray()));
        _pending.Clear();
    }

    /// <summary>The guest stopped: waiters give up.</summary>
    public void Close() => _transcript.Close();

    public void Send(string text) => type(Encoding.ASCII.GetBytes(text));

    /// <summary>
    /// Waits for <paramref name="marker"/> after what earlier waits consumed; returns the output up to and including
    /// it and the Stopwatch timestamp at which the machine flushed the output that completed it.
    /// </summary>
    public (string Text, long Timestamp) WaitFor(string marker, TimeSpan timeout) => _transcript.WaitFor(marker, timeout);
}
