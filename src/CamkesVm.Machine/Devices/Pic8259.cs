namespace CamkesVm.Machine.Devices;

/// <summary>
/// The PC's cascaded pair of Intel 8259A interrupt controllers (Intel 8259A datasheet, "Cascade Mode"):
/// the master at ports 0x20-0x21 serves IRQ 0-7, the slave at 0xA0-0xA1 serves IRQ 8-15 and drives the
/// master's IR2; the PIIX edge/level control registers sit at 0x4D0-0x4D1 (<see cref="Elcr"/>).
/// <see cref="Output"/> is the master's INT pin; <see cref="Acknowledge"/> performs the INTA sequence and
/// returns the vector, including the spurious IRQ7 (master base + 7) and IRQ15 (slave base + 7) cases.
/// </summary>
public sealed class Pic8259
{
    /// <summary>The master's input that carries the slave's INT output.</summary>
    public const int CascadeIrq = 2;

    /// <summary>Creates the pair in its power-on state (uninitialised, all inputs low).</summary>
    public Pic8259(Action<string>? log = null)
    {
        Master = new Pic8259Chip("master", isMaster: true) { Log = log };
        Slave = new Pic8259Chip("slave", isMaster: false) { Log = log };
        Elcr = new Pic8259Elcr(this);
        Slave.OutputChanged = () => Master.SetInput(CascadeIrq, Slave.Output);
        Master.OutputChanged = () => OutputChanged?.Invoke();
    }

    /// <summary>The chip at ports 0x20-0x21.</summary>
    public Pic8259Chip Master { get; }

    /// <summary>The chip at ports 0xA0-0xA1.</summary>
    public Pic8259Chip Slave { get; }

    /// <summary>The edge/level control registers (two ports, 0x4D0-0x4D1).</summary>
    public Pic8259Elcr Elcr { get; }

    /// <summary>The master's INT output (the CPU's INTR in PIC mode).</summary>
    public bool Output => Master.Output;

    /// <summary>Called after <see cref="Output"/> may have changed.</summary>
    public Action? OutputChanged { get; set; }

    /// <summary>Drives ISA IRQ <paramref name="irq"/> (0-15; 2 is the cascade and is not a device input).</summary>
    public void SetIrq(int irq, bool level)
    {
        if ((uint)irq >= 16) throw new ArgumentOutOfRangeException(nameof(irq), irq, "ISA IRQs are 0-15");
        if (irq < 8)
        {
            if (irq != CascadeIrq) Master.SetInput(irq, level);
        }
        else Slave.SetInput(irq - 8, level);
    }

    /// <summary>The INTA sequence: the vector of the serviced interrupt (a spurious one when nothing is left).</summary>
    public byte Acknowledge()
    {
        int irq = Master.AcknowledgeIrq();
        if (irq != CascadeIrq) return (byte)(Master.VectorBase + irq);
        return (byte)(Slave.VectorBase + Slave.AcknowledgeIrq());
    }
}
