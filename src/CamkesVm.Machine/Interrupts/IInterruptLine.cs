namespace CamkesVm.Machine.Interrupts;

/// <summary>
/// An interrupt request wire from a device to the interrupt controllers (DESIGN.md, "Devices": devices raise
/// interrupts through an injected line object and never reach into the machine). Level-triggered devices
/// hold the line asserted until the cause is cleared; edge-triggered ones assert then deassert (<see cref="Pulse"/>).
/// Called on the machine thread only.
/// </summary>
public interface IInterruptLine
{
    /// <summary>Drives the wire: true = asserted (the logical level, before any active-low inversion).</summary>
    void Set(bool asserted);

    /// <summary>An edge: assert then deassert.</summary>
    void Pulse()
    {
        Set(true);
        Set(false);
    }
}

/// <summary>A line connected to nothing (a device whose interrupt is not routed).</summary>
public sealed class UnconnectedLine : IInterruptLine
{
    /// <summary>The shared instance.</summary>
    public static readonly UnconnectedLine Instance = new();

    /// <inheritdoc/>
    public void Set(bool asserted) { }
}
