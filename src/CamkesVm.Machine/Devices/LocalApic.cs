using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The local APIC of the one CPU in xAPIC mode (Intel SDM Vol. 3A chapter 11 "Advanced Programmable
/// Interrupt Controller"), 4 KiB of registers at <see cref="DefaultBase"/>. Version register 0x00050014:
/// an integrated APIC of the Pentium 4 / Xeon generation (version 14h) with six LVT entries (timer,
/// thermal, performance counter, LINT0, LINT1, error), no EOI-broadcast suppression, no TSC-deadline timer.
/// Accepted interrupts go to IRR; the CPU's INTA moves the highest one above the processor priority to ISR;
/// EOI clears it and, for a level-triggered vector (TMR), broadcasts the EOI to the I/O APIC.
/// Only aligned 32-bit accesses reach registers (narrower reads return the addressed bytes).
/// </summary>
public sealed partial class LocalApic : IBusDevice
{
    /// <summary>The architectural base address (IA32_APIC_BASE after reset).</summary>
    public const uint DefaultBase = 0xFEE0_0000;

    /// <summary>The version register.</summary>
    public const uint VersionValue = 0x0005_0014;

    private const uint Masked = 1u << 16;
    private const int LvtTimer = 0, LvtThermal = 1, LvtPerf = 2, LvtLint0 = 3, LvtLint1 = 4, LvtError = 5;
    private static readonly uint[] LvtWritable = [0x0003_00FF, 0x0001_07FF, 0x0001_07FF, 0x0001_A7FF, 0x0001_A7FF, 0x0001_00FF];

    private readonly Action<string>? _log;
    private readonly LocalApicVectorSet _isr = new(), _tmr = new(), _irr = new();
    private readonly uint[] _lvt = [Masked, Masked, Masked, Masked, Masked, Masked];
    private uint _id, _tpr, _ldr, _dfr = 0xFFFF_FFFF, _svr = 0xFF, _icrLow, _icrHigh;
    private uint _esr, _esrPending;

    /// <summary>Creates the local APIC in its reset state (software-disabled, every LVT masked).</summary>
    public LocalApic(MachineClock clock, Action<string>? log = null)
    {
        _log = log;
        _clock = clock;
        _timer = clock.CreateTimer("LAPIC timer", OnTimer);
    }

    /// <summary>The APIC ID (register 0x20 bits 31-24).</summary>
    public byte Id => (byte)(_id >> 24);

    /// <summary>SVR bit 8: the APIC is software-enabled.</summary>
    public bool SoftwareEnabled => (_svr & 0x100) != 0;

    /// <summary>SVR bits 7-0.</summary>
    public byte SpuriousVector => (byte)_svr;

    /// <summary>LINT0 is unmasked in ExtINT mode: the 8259A's INT reaches the CPU through the APIC (virtual wire).</summary>
    public bool Lint0ExtInt => SoftwareEnabled && (_lvt[LvtLint0] & (Masked | 0x700)) == 0x700;

    /// <summary>Called after an interrupt may have become deliverable (or the software enable changed).</summary>
    public Action? Changed { get; set; }

    /// <summary>Called with the vector of an EOI for a level-triggered interrupt (to the I/O APIC).</summary>
    public Action<byte>? EoiBroadcast { get; set; }

    /// <summary>Called when an NMI is delivered to this CPU (LINT1 in NMI mode, an NMI IPI or I/O APIC message).</summary>
    public Action? Nmi { get; set; }

    /// <summary>The processor priority (SDM §11.8.3.1).</summary>
    public uint ProcessorPriority
    {
        get
        {
            int isrv = Math.Max(0, _isr.Highest());
            return (_tpr & 0xF0) >= (isrv & 0xF0) ? _tpr & 0xFF : (uint)(isrv & 0xF0);
        }
    }

    /// <summary>An IRR vector outranks the processor priority and the APIC is enabled.</summary>
    public bool HasDeliverable
    {
        get
        {
            int irrv = _irr.Highest();
            return SoftwareEnabled && irrv >= 0 && (irrv & 0xF0) > (ProcessorPriority & 0xF0);
        }
    }

    /// <summary>An interrupt message for <paramref name="vector"/>; level-triggered ones set TMR (so EOI is broadcast).</summary>
    public void AcceptInterrupt(byte vector, bool levelTriggered)
    {
        if (vector < 16)
        {
            RecordError(0x40); // receive illegal vector
            return;
        }
        _irr.Add(vector);
        _tmr.Set(vector, levelTriggered);
        Changed?.Invoke();
    }

    /// <summary>The INTA cycle: the highest deliverable IRR vector moves to ISR; the spurious vector if there is none.</summary>
    public byte Acknowledge()
    {
        if (!HasDeliverable) return SpuriousVector;
        int vector = _irr.Highest();
        _irr.Remove(vector);
        _isr.Add(vector);
        return (byte)vector;
    }

    /// <summary>True when a message to <paramref name="destination"/> in physical or logical mode targets this APIC (SDM §11.6.2).</summary>
    public bool MatchesDestination(byte destination, bool logical)
    {
        if (destination == 0xFF) return true;
        if (!logical) return destination == Id;
        byte ldr = (byte)(_ldr >> 24);
        if ((_dfr >> 28) == 0xF) return (ldr & destination) != 0; // flat model
        return (ldr >> 4) == (destination >> 4) && (ldr & destination & 0xF) != 0; // cluster model
    }

    /// <summary>
    /// The state a PC BIOS leaves for an MP-spec operating system in virtual wire mode (MultiProcessor
    /// Specification 1.4 §3.6.2.2): software-enabled with spurious vector 0xFF, LINT0 unmasked ExtINT (the
    /// 8259A), LINT1 NMI. Optional: at reset the APIC is software-disabled and the 8259A drives INTR directly.
    /// </summary>
    public void EnterVirtualWireMode()
    {
        _svr = 0x1FF;
        _lvt[LvtLint0] = 0x700;
        _lvt[LvtLint1] = 0x400;
        Changed?.Invoke();
    }

    /// <summary>An edge on LINT<paramref name="pin"/> (0 or 1), delivered as its LVT entry says (ExtINT is the router's business).</summary>
    public void SignalLint(int pin)
    {
        uint lvt = _lvt[pin == 0 ? LvtLint0 : LvtLint1];
        if ((lvt & Masked) != 0) return;
        switch ((lvt >> 8) & 7)
        {
            case 0: AcceptInterrupt((byte)lvt, (lvt & 0x8000) != 0); break;
            case 4: Nmi?.Invoke(); break;
            case 7: Changed?.Invoke(); break;
            default: _log?.Invoke($"LAPIC: LINT{pin} delivery mode {(lvt >> 8) & 7} ignored"); break;
        }
    }

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (offset >= 0x400 || (offset & 0xC) != 0) return 0; // only the first dword of each 16 bytes is a register
        uint value = ReadRegister(offset & 0x3F0);
        return size >= 4 ? value : (value >> (int)(offset & 3) * 8) & BusValues.Open(size);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (size != 4 || (offset & 0xF) != 0 || offset >= 0x400)
        {
            _log?.Invoke($"LAPIC: ignored {size}-byte write at offset 0x{offset:x3} (registers take aligned 32-bit writes)");
            return;
        }
        WriteRegister(offset, value);
    }

    private uint ReadRegister(uint reg) => reg switch
    {
        0x020 => _id,
        0x030 => VersionValue,
        0x080 => _tpr,
        0x0A0 => ProcessorPriority,
        0x0D0 => _ldr,
        0x0E0 => _dfr,
        0x0F0 => _svr,
        >= 0x100 and < 0x180 => _isr.Word((int)(reg - 0x100) >> 4),
        >= 0x180 and < 0x200 => _tmr.Word((int)(reg - 0x180) >> 4),
        >= 0x200 and < 0x280 => _irr.Word((int)(reg - 0x200) >> 4),
        0x280 => _esr,
        0x300 => _icrLow & ~(1u << 12), // delivery status: always idle
        0x310 => _icrHigh,
        >= 0x320 and <= 0x370 => _lvt[(reg - 0x320) >> 4],
        0x380 => _initialCount,
        0x390 => CurrentCount(),
        0x3E0 => _divideConfig,
        0x090 or 0x0B0 or 0x0C0 => 0,
        _ => ReservedAccess(reg),
    };

    private void WriteRegister(uint reg, uint value)
    {
        switch (reg)
        {
            case 0x020: _id = value & 0xFF00_0000; break;
            case 0x080: _tpr = value & 0xFF; Changed?.Invoke(); break;
            case 0x0B0: EndOfInterrupt(); break;
            case 0x0D0: _ldr = value & 0xFF00_0000; break;
            case 0x0E0: _dfr = value | 0x0FFF_FFFF; break;
            case 0x0F0: WriteSvr(value); break;
            case 0x280: _esr = _esrPending; _esrPending = 0; break;
            case 0x300: _icrLow = value & 0x000C_CFFF; SendIpi(); break;
            case 0x310: _icrHigh = value & 0xFF00_0000; break;
            case >= 0x320 and <= 0x370: WriteLvt((int)(reg - 0x320) >> 4, value); break;
            case 0x380: WriteInitialCount(value); break;
            case 0x3E0: WriteDivideConfig(value); break;
            case 0x030 or 0x090 or 0x0A0 or 0x0C0 or 0x390 or (>= 0x100 and < 0x280): break; // read-only
            default: ReservedAccess(reg); break;
        }
    }

    private uint ReservedAccess(uint reg)
    {
        RecordError(0x80); // illegal register address
        _log?.Invoke($"LAPIC: access to reserved register 0x{reg:x3}");
        return 0;
    }

    private void WriteSvr(uint value)
    {
        _svr = value & 0x3FF;
        if (!SoftwareEnabled)
            for (int i = 0; i < _lvt.Length; i++) _lvt[i] |= Masked;
        Changed?.Invoke();
    }

    private void WriteLvt(int index, uint value)
    {
        uint keep = _lvt[index] & ~LvtWritable[index];
        _lvt[index] = keep | (value & LvtWritable[index]) | (SoftwareEnabled ? 0 : Masked);
        if (index == LvtLint0) Changed?.Invoke();
    }

    private void EndOfInterrupt()
    {
        int vector = _isr.Highest();
        if (vector < 0) return;
        _isr.Remove(vector);
        if (_tmr.Contains(vector)) EoiBroadcast?.Invoke((byte)vector);
        Changed?.Invoke();
    }

    private void RecordError(uint bit)
    {
        _esrPending |= bit;
        uint lvt = _lvt[LvtError];
        if ((lvt & Masked) == 0 && (byte)lvt >= 16) AcceptInterrupt((byte)lvt, false);
    }
}
