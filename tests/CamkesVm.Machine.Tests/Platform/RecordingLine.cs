using CamkesVm.Machine.Interrupts;

namespace CamkesVm.Machine.Tests.Platform;

/// <summary>An interrupt line that remembers its level and counts rising edges.</summary>
internal sealed class RecordingLine : IInterruptLine
{
    public bool Level { get; private set; }
    public int Rises { get; private set; }

    public void Set(bool asserted)
    {
        if (asserted && !Level) Rises++;
        Level = asserted;
    }
}
