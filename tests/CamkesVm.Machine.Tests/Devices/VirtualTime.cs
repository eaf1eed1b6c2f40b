using CamkesVm.Machine.Interrupts;
using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Tests.Devices;

/// <summary>A <see cref="MachineClock"/> in virtual mode over a fake instruction counter (1 instruction = 1 ns).</summary>
public sealed class VirtualTime
{
    private long _instructions;

    public VirtualTime() => Clock = new MachineClock(TimeMode.Virtual, () => _instructions, 1_000_000_000);

    public MachineClock Clock { get; }

    public long NowNs => Clock.NowNs;

    /// <summary>Advances to <paramref name="targetNs"/>, stopping at each timer deadline on the way so callbacks see their exact time.</summary>
    public void RunTo(long targetNs)
    {
        while (Clock.NextDeadlineNs <= targetNs)
        {
            long next = Clock.NextDeadlineNs;
            if (next > _instructions) _instructions = next;
            Clock.RunExpired();
        }
        if (targetNs > _instructions) _instructions = targetNs;
        Clock.RunExpired();
    }

    public void Advance(long ns) => RunTo(NowNs + ns);
}

/// <summary>An interrupt line that records each change of level with the time it happened.</summary>
public sealed class RecordingLine(VirtualTime time) : IInterruptLine
{
    public readonly List<(long Ns, bool Level)> Changes = [];

    public bool Level { get; private set; }

    public void Set(bool asserted)
    {
        if (asserted == Level) return;
        Level = asserted;
        Changes.Add((time.NowNs, asserted));
    }

    public IEnumerable<long> RisingEdges => Changes.Where(c => c.Level).Select(c => c.Ns);
}
