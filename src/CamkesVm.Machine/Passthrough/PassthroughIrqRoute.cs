using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Interrupts;

namespace CamkesVm.Machine.Passthrough;

/// <summary>
/// An irqs entry at work (camkes-vm notes §2.2, <c>init_irqs</c>): the VMM programs board I/O APIC input
/// <c>source</c> with the entry's trigger mode and polarity and forwards it to guest PIC line <c>dest</c>.
/// The input is decoded as configured: with <c>active_low</c> the line counts as asserted while the wire is low.
/// Level-triggered: the guest line follows the decoded level and is set level-sensitive in the guest's ELCR,
/// so after the guest's EOI the 8259 requests again while the device still asserts — the original's ack of
/// the seL4 IRQ handler and re-delivery. Edge-triggered: each decoded rising edge is one pulse on the guest line.
/// A wrong polarity is reproduced as on hardware: the idle line then reads as asserted.
/// </summary>
public sealed class PassthroughIrqRoute
{
    private readonly IInterruptLine _guest;
    private bool _decoded;

    /// <summary>Connects <paramref name="pin"/> to <paramref name="guestLine"/> as <paramref name="entry"/> says.</summary>
    public PassthroughIrqRoute(GrantedIrq entry, BoardIrqPin pin, IInterruptLine guestLine)
    {
        Entry = entry;
        _guest = guestLine;
        pin.Changed += OnWire;
        OnWire(pin.WireHigh);
    }

    /// <summary>The spec entry.</summary>
    public GrantedIrq Entry { get; }

    /// <summary>The decoded state of the input: true while the route sees its interrupt asserted.</summary>
    public bool Asserted => _decoded;

    /// <summary>Interrupts delivered to the guest line (rising edges of the decoded input).</summary>
    public long Delivered { get; private set; }

    private void OnWire(bool high)
    {
        bool decoded = high != Entry.ActiveLow;
        if (decoded == _decoded) return;
        _decoded = decoded;
        if (decoded) Delivered++;
        if (Entry.LevelTriggered) _guest.Set(decoded);
        else if (decoded) _guest.Pulse();
    }
}
