using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Time;
using CamkesVm.X86.Io;

namespace CamkesVm.Machine.Interrupts;

/// <summary>
/// The PC's interrupt wiring and the CPU's INTR: the 8259A pair, the I/O APIC and the CPU's local APIC.
/// Global system interrupt (GSI) n of 0-15 is ISA IRQ n and drives 8259A input n and I/O APIC pin n, except
/// IRQ0 (the PIT), which reaches I/O APIC pin 2 as on real boards and QEMU (the MADT carries an interrupt
/// source override 0 -> 2). GSIs 16-23 are PCI lines: I/O APIC only, active-low on the wire. The 8259A's
/// INT output is also wired to I/O APIC pin 0, where an ExtINT entry can carry it. While the local APIC
/// is software-disabled (power-on) the 8259A drives INTR directly; once enabled, the 8259A reaches the CPU
/// only through LINT0 in ExtINT mode or an ExtINT I/O APIC entry (virtual wire), and the APIC's own vectors
/// come first.
/// </summary>
public sealed class InterruptRouter : IInterruptController
{
    /// <summary>The GSIs the I/O APIC has pins for.</summary>
    public const int Gsis = IoApic.Pins;

    /// <summary>The first GSI of the PCI interrupt lines (active-low, I/O APIC only).</summary>
    public const int FirstPciGsi = 16;

    private readonly GsiLine[] _lines = new GsiLine[Gsis];

    /// <summary>Creates the controllers in their power-on state.</summary>
    public InterruptRouter(MachineClock clock, Action<string>? log = null)
    {
        Pic = new Pic8259(log);
        LocalApic = new LocalApic(clock, log);
        IoApic = new IoApic(LocalApic, log);
        for (int gsi = 0; gsi < Gsis; gsi++) _lines[gsi] = new GsiLine(this, gsi);
        for (int gsi = FirstPciGsi; gsi < Gsis; gsi++) IoApic.SetPin(gsi, high: true); // idle active-low lines
        Pic.OutputChanged = OnPicOutput;
        LocalApic.Changed = Notify;
        LocalApic.Nmi = () => Nmi?.Invoke();
        IoApic.ExtIntChanged = Notify;
    }

    /// <summary>The 8259A pair.</summary>
    public Pic8259 Pic { get; }

    /// <summary>The I/O APIC.</summary>
    public IoApic IoApic { get; }

    /// <summary>The CPU's local APIC.</summary>
    public LocalApic LocalApic { get; }

    /// <summary>Invoked on the machine thread whenever an interrupt may have become deliverable.</summary>
    public Action? InterruptPending { get; set; }

    /// <summary>Invoked when an NMI is delivered to the CPU (LINT1, NMI IPI, I/O APIC NMI entry).</summary>
    public Action? Nmi { get; set; }

    /// <summary>The I/O APIC pin GSI <paramref name="gsi"/> is wired to.</summary>
    public static int IoApicPin(int gsi) => gsi == 0 ? 2 : gsi;

    /// <summary>The wire of GSI <paramref name="gsi"/> (0-23) for a device to drive.</summary>
    public IInterruptLine Line(int gsi)
    {
        if ((uint)gsi >= Gsis)
            throw new ArgumentOutOfRangeException(nameof(gsi), gsi, $"interrupt lines are GSI 0-{Gsis - 1} (ISA IRQ 0-15, PCI 16-23)");
        return _lines[gsi];
    }

    /// <summary>Maps the 8259A ports (0x20, 0xA0), the ELCR (0x4D0), the I/O APIC and the local APIC windows.</summary>
    public void MapDevices(PortBus ports, MmioBus mmio)
    {
        ports.Map(0x20, 2, Pic.Master, "8259A PIC master");
        ports.Map(0xA0, 2, Pic.Slave, "8259A PIC slave");
        ports.Map(0x4D0, 2, Pic.Elcr, "PIIX ELCR");
        mmio.Map(IoApic.DefaultBase, 0x1000, IoApic, "I/O APIC");
        mmio.Map(LocalApic.DefaultBase, 0x1000, LocalApic, "local APIC");
    }

    private bool PicThroughApic => LocalApic.Lint0ExtInt || IoApic.ExtIntAsserted;

    /// <inheritdoc/>
    public bool HasPendingInterrupt =>
        !LocalApic.SoftwareEnabled ? Pic.Output : LocalApic.HasDeliverable || (Pic.Output && PicThroughApic);

    /// <inheritdoc/>
    public byte AcknowledgeInterrupt()
    {
        if (!LocalApic.SoftwareEnabled) return Pic.Acknowledge();
        if (LocalApic.HasDeliverable) return LocalApic.Acknowledge();
        if (Pic.Output && PicThroughApic) return Pic.Acknowledge();
        return LocalApic.SpuriousVector;
    }

    private void OnPicOutput()
    {
        IoApic.SetPin(0, Pic.Output);
        Notify();
    }

    private void Notify()
    {
        if (HasPendingInterrupt) InterruptPending?.Invoke();
    }

    private void SetGsi(int gsi, bool asserted)
    {
        if (gsi < FirstPciGsi) Pic.SetIrq(gsi, asserted);
        IoApic.SetPin(IoApicPin(gsi), gsi < FirstPciGsi ? asserted : !asserted);
        Notify();
    }

    private sealed class GsiLine(InterruptRouter router, int gsi) : IInterruptLine
    {
        public void Set(bool asserted) => router.SetGsi(gsi, asserted);

        public override string ToString() => $"GSI {gsi}";
    }
}
