using CamkesVm.Machine.Interrupts;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// One input of the board's I/O APIC as a wire: devices drive it through <see cref="Connect"/>, and the VMM
/// watches its electrical level through <see cref="Changed"/>. Active-low PCI INTx lines are wired-OR: the
/// wire is low while any device asserts (PCI 3.0 §2.2.6); an active-high input is high while any asserts.
/// </summary>
public sealed class BoardIrqPin
{
    private int _asserting;

    /// <summary>Creates I/O APIC input <paramref name="pin"/>, signalled as <paramref name="signal"/> says.</summary>
    public BoardIrqPin(int pin, BoardIrq signal)
    {
        Pin = pin;
        Signal = signal;
    }

    /// <summary>The I/O APIC input number.</summary>
    public int Pin { get; }

    /// <summary>How the board signals on this input.</summary>
    public BoardIrq Signal { get; }

    /// <summary>True while at least one device asserts the line.</summary>
    public bool Asserted => _asserting > 0;

    /// <summary>The electrical level: low (false) while asserted on an active-low line.</summary>
    public bool WireHigh => Asserted != Signal.ActiveLow;

    /// <summary>Called with the new wire level whenever it changes.</summary>
    public Action<bool>? Changed { get; set; }

    /// <summary>A line for one device to drive this input with.</summary>
    public IInterruptLine Connect() => new Source(this);

    private void Update(bool assert)
    {
        bool before = WireHigh;
        _asserting += assert ? 1 : -1;
        if (WireHigh != before) Changed?.Invoke(WireHigh);
    }

    private sealed class Source(BoardIrqPin pin) : IInterruptLine
    {
        private bool _asserted;

        public void Set(bool asserted)
        {
            if (asserted == _asserted) return;
            _asserted = asserted;
            pin.Update(asserted);
        }

        public override string ToString() => $"board I/O APIC pin {pin.Pin}";
    }
}
