using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// One Intel 8259A programmable interrupt controller (Intel 8259A datasheet, order no. 231468): the two
/// ports at offsets 0 (ICW1, OCW2, OCW3; IRR/ISR/poll reads) and 1 (ICW2-ICW4, OCW1 = IMR), x86 mode.
/// Edge or level sensing per input (ICW1 LTIM or the PIIX ELCR), fully nested and special mask mode,
/// automatic EOI, specific/non-specific EOI with and without rotation, set-priority, poll command.
/// The INT output is <see cref="Output"/>; <see cref="Pic8259.Acknowledge"/> runs the INTA sequence over the pair.
/// Buffered mode and the 8080 call format are accepted but have no effect on a PC. An edge request stays
/// latched in IRR until INTA even if the input falls first (as QEMU models it), so that a device's
/// <c>IInterruptLine.Pulse</c> is seen; a level request follows its input, giving the spurious IR7.
/// </summary>
public sealed class Pic8259Chip : IBusDevice
{
    private readonly string _name;
    private byte _irr, _isr, _imr, _inputs;
    private byte _elcr;
    private int _lowestPriority = 7;
    private bool _levelMode, _autoEoi, _rotateOnAutoEoi, _specialMask, _specialFullyNested, _single;
    private bool _readIsr, _poll, _expectIcw4;
    private int _initStep; // 0 = operational, 2..4 = next ICW expected

    internal Pic8259Chip(string name, bool isMaster)
    {
        _name = name;
        IsMaster = isMaster;
    }

    /// <summary>"master" or "slave", for logs.</summary>
    public override string ToString() => _name;

    /// <summary>True for the chip at 0x20 whose IR2 carries the slave.</summary>
    public bool IsMaster { get; }

    /// <summary>The vector base from ICW2 (bits 7-3).</summary>
    public byte VectorBase { get; private set; }

    /// <summary>The interrupt request register.</summary>
    public byte Irr => _irr;

    /// <summary>The in-service register.</summary>
    public byte Isr => _isr;

    /// <summary>The interrupt mask register (OCW1).</summary>
    public byte Imr => _imr;

    /// <summary>The PIIX edge/level control bits of this chip (1 = level).</summary>
    public byte Elcr
    {
        get => _elcr;
        internal set
        {
            _elcr = value;
            ApplyLevelInputs();
            Update();
        }
    }

    /// <summary>The INT output.</summary>
    public bool Output { get; private set; }

    /// <summary>Called after <see cref="Output"/> may have changed.</summary>
    internal Action? OutputChanged { get; set; }

    /// <summary>Receives notes about programming a PC ignores (8080 mode, unusual ICW3), or null.</summary>
    internal Action<string>? Log { get; set; }

    private byte LevelMask => _levelMode ? (byte)0xFF : _elcr;

    /// <summary>Drives input IR<paramref name="irq"/> (0-7).</summary>
    public void SetInput(int irq, bool level)
    {
        byte bit = (byte)(1 << irq);
        bool was = (_inputs & bit) != 0;
        if (level) _inputs |= bit; else _inputs = (byte)(_inputs & ~bit);
        if ((LevelMask & bit) != 0)
        {
            if (level) _irr |= bit; else _irr = (byte)(_irr & ~bit);
        }
        else if (level && !was)
            _irr |= bit;
        Update();
    }

    /// <summary>The highest-priority request that would be serviced now, or -1.</summary>
    public int PendingIrq()
    {
        int request = HighestPriority((byte)(_irr & ~_imr));
        if (request < 0) return -1;
        byte inService = _isr;
        if (_specialMask) inService = (byte)(inService & ~_imr);
        if (_specialFullyNested && IsMaster) inService = (byte)(inService & ~(1 << 2));
        int current = HighestPriority(inService);
        return current < 0 || Priority(request) < Priority(current) ? request : -1;
    }

    /// <summary>
    /// The INTA cycle for this chip: the serviced IR (IRR to ISR, or an automatic EOI), or 7 for a spurious
    /// interrupt (nothing pending any more: the 8259A then answers IR7 without setting ISR).
    /// </summary>
    internal int AcknowledgeIrq()
    {
        int irq = PendingIrq();
        if (irq < 0) return 7;
        byte bit = (byte)(1 << irq);
        if ((LevelMask & bit) == 0) _irr = (byte)(_irr & ~bit);
        if (_autoEoi)
        {
            if (_rotateOnAutoEoi) _lowestPriority = irq;
        }
        else _isr |= bit;
        Update();
        return irq;
    }

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (offset > 1 || size != 1) return BusValues.Open(size);
        if (offset == 1) return _imr;
        if (_poll)
        {
            _poll = false;
            int irq = PendingIrq();
            if (irq < 0) return 0;
            AcknowledgeIrq();
            return 0x80u | (uint)irq;
        }
        return _readIsr ? _isr : _irr;
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset > 1 || size != 1) return;
        byte v = (byte)value;
        if (offset == 0)
        {
            if ((v & 0x10) != 0) Icw1(v);
            else if ((v & 0x08) != 0) Ocw3(v);
            else Ocw2(v);
        }
        else if (_initStep != 0) InitWord(v);
        else
        {
            _imr = v;
            Update();
        }
    }

    private void Icw1(byte v)
    {
        _expectIcw4 = (v & 0x01) != 0;
        _single = (v & 0x02) != 0;
        _levelMode = (v & 0x08) != 0;
        _imr = 0;
        _isr = 0;
        _irr = 0;
        // Edge sense reset: an input that is high now must fall and rise again to request.
        _lowestPriority = 7;
        _specialMask = false;
        _readIsr = false;
        _poll = false;
        _autoEoi = false;
        _rotateOnAutoEoi = false;
        _specialFullyNested = false;
        ApplyLevelInputs();
        _initStep = 2;
        Update();
    }

    private void InitWord(byte v)
    {
        switch (_initStep)
        {
            case 2:
                VectorBase = (byte)(v & 0xF8);
                _initStep = _single ? (_expectIcw4 ? 4 : 0) : 3;
                break;
            case 3:
                CheckIcw3(v);
                _initStep = _expectIcw4 ? 4 : 0;
                break;
            default:
                _autoEoi = (v & 0x02) != 0;
                _specialFullyNested = (v & 0x10) != 0;
                if ((v & 0x01) == 0) Log?.Invoke($"8259A {_name}: ICW4 selects 8080/8085 mode, which a PC ignores");
                _initStep = 0;
                break;
        }
        Update();
    }

    private void CheckIcw3(byte v)
    {
        bool asWired = IsMaster ? v == 0x04 : (v & 7) == 2;
        if (!asWired)
            Log?.Invoke($"8259A {_name}: ICW3 0x{v:x2} differs from the PC wiring (slave on IR2); the wiring stays");
    }

    private void Ocw2(byte v)
    {
        int level = v & 7;
        switch (v >> 5)
        {
            case 0: _rotateOnAutoEoi = false; break;
            case 4: _rotateOnAutoEoi = true; break;
            case 1: NonSpecificEoi(rotate: false); break;
            case 5: NonSpecificEoi(rotate: true); break;
            case 3: _isr = (byte)(_isr & ~(1 << level)); break;
            case 7:
                _isr = (byte)(_isr & ~(1 << level));
                _lowestPriority = level;
                break;
            case 6: _lowestPriority = level; break;
        }
        Update();
    }

    private void NonSpecificEoi(bool rotate)
    {
        int irq = HighestPriority(_isr);
        if (irq < 0) return;
        _isr = (byte)(_isr & ~(1 << irq));
        if (rotate) _lowestPriority = irq;
    }

    private void Ocw3(byte v)
    {
        if ((v & 0x40) != 0) _specialMask = (v & 0x20) != 0;
        if ((v & 0x02) != 0) _readIsr = (v & 0x01) != 0;
        _poll = (v & 0x04) != 0;
        Update();
    }

    private void ApplyLevelInputs() => _irr = (byte)((_irr & ~LevelMask) | (_inputs & LevelMask));

    /// <summary>0 = highest; the IR after <see cref="_lowestPriority"/> has priority 0.</summary>
    private int Priority(int irq) => (irq - _lowestPriority - 1) & 7;

    private int HighestPriority(byte bits)
    {
        if (bits == 0) return -1;
        for (int p = 0; p < 8; p++)
        {
            int irq = (_lowestPriority + 1 + p) & 7;
            if ((bits & (1 << irq)) != 0) return irq;
        }
        return -1;
    }

    private void Update()
    {
        bool output = _initStep == 0 && PendingIrq() >= 0;
        if (output == Output) return;
        Output = output;
        OutputChanged?.Invoke();
    }
}
