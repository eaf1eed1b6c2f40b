using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The Intel 82093AA I/O APIC (82093AA datasheet, order no. 290566): IOREGSEL at offset 0x00 and IOWIN at
/// 0x10 of its window at <see cref="DefaultBase"/>; ID, version 0x11 with 24 redirection entries, and the
/// redirection table (vector, delivery mode, physical/logical destination, polarity, trigger mode, mask).
/// Inputs are electrical levels; an entry's polarity says which level asserts. Edge entries send a message
/// on each assertion while unmasked; level entries send one while asserted and unmasked with remote IRR
/// clear, and remote IRR is cleared by the local APIC's EOI broadcast of the entry's vector. An ExtINT
/// entry makes the 8259A answer the INTA while its input is asserted (<see cref="ExtIntAsserted"/>).
/// Every message goes to the one local APIC (destination checked against its ID / logical destination).
/// </summary>
public sealed class IoApic : IBusDevice
{
    /// <summary>The usual base address of the first I/O APIC.</summary>
    public const uint DefaultBase = 0xFEC0_0000;

    /// <summary>Number of input pins / redirection entries.</summary>
    public const int Pins = 24;

    /// <summary>The version register: version 0x11, maximum redirection entry 23.</summary>
    public const uint VersionValue = 0x0017_0011;

    private const uint Masked = 1u << 16, RemoteIrr = 1u << 14, LevelTrigger = 1u << 15, ActiveLow = 1u << 13;
    private const uint LowWritable = 0x0001_AFFF;

    private readonly LocalApic _lapic;
    private readonly Action<string>? _log;
    private readonly uint[] _low = new uint[Pins], _high = new uint[Pins];
    private readonly bool[] _levels = new bool[Pins];
    private uint _select, _id;

    /// <summary>Creates the I/O APIC in its reset state (every entry masked) delivering to <paramref name="lapic"/>.</summary>
    public IoApic(LocalApic lapic, Action<string>? log = null)
    {
        _lapic = lapic;
        _log = log;
        Array.Fill(_low, Masked);
        lapic.EoiBroadcast = EndOfInterrupt;
    }

    /// <summary>Called after <see cref="ExtIntAsserted"/> may have changed.</summary>
    public Action? ExtIntChanged { get; set; }

    /// <summary>An unmasked ExtINT entry's input is asserted: the 8259A supplies the vector.</summary>
    public bool ExtIntAsserted
    {
        get
        {
            for (int pin = 0; pin < Pins; pin++)
                if (DeliveryMode(pin) == 7 && (_low[pin] & Masked) == 0 && Asserted(pin)) return true;
            return false;
        }
    }

    /// <summary>The low dword of redirection entry <paramref name="pin"/> (for inspection).</summary>
    public uint EntryLow(int pin) => _low[pin];

    /// <summary>Drives input <paramref name="pin"/> to an electrical level (true = high).</summary>
    public void SetPin(int pin, bool high)
    {
        bool was = Asserted(pin);
        _levels[pin] = high;
        bool now = Asserted(pin);
        if (was == now) return;
        if (DeliveryMode(pin) == 7) ExtIntChanged?.Invoke();
        else if (now) Service(pin, edge: true);
    }

    private bool Asserted(int pin) => _levels[pin] ^ ((_low[pin] & ActiveLow) != 0);

    private bool IsLevel(int pin) => (_low[pin] & LevelTrigger) != 0;

    private uint DeliveryMode(int pin) => (_low[pin] >> 8) & 7;

    /// <summary>Sends the entry's message if its state calls for one.</summary>
    private void Service(int pin, bool edge)
    {
        uint low = _low[pin];
        if ((low & Masked) != 0 || !Asserted(pin)) return;
        if (IsLevel(pin) ? (low & RemoteIrr) != 0 : !edge) return;
        Deliver(pin);
    }

    private void Deliver(int pin)
    {
        uint low = _low[pin];
        byte vector = (byte)low;
        switch (DeliveryMode(pin))
        {
            case 0 or 1:
                if (!_lapic.MatchesDestination((byte)(_high[pin] >> 24), (low & 0x800) != 0)) return;
                if (IsLevel(pin)) _low[pin] |= RemoteIrr;
                _lapic.AcceptInterrupt(vector, IsLevel(pin));
                break;
            case 4: _lapic.Nmi?.Invoke(); break;
            case 7: ExtIntChanged?.Invoke(); break;
            default: _log?.Invoke($"IOAPIC: pin {pin} delivery mode {DeliveryMode(pin)} (SMI/INIT) ignored"); break;
        }
    }

    /// <summary>The local APIC's EOI for a level-triggered <paramref name="vector"/>: clears matching remote IRRs.</summary>
    public void EndOfInterrupt(byte vector)
    {
        for (int pin = 0; pin < Pins; pin++)
        {
            if ((byte)_low[pin] != vector || (_low[pin] & RemoteIrr) == 0) continue;
            _low[pin] &= ~RemoteIrr;
            Service(pin, edge: false);
        }
    }

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        uint value = offset switch
        {
            < 4 => _select,
            >= 0x10 and < 0x14 => ReadRegister(_select),
            _ => 0,
        };
        return size >= 4 ? value : (value >> (int)(offset & 3) * 8) & BusValues.Open(size);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset == 0) _select = value & 0xFF;
        else if (offset == 0x10 && size == 4) WriteRegister(_select, value);
        else _log?.Invoke($"IOAPIC: ignored {size}-byte write at offset 0x{offset:x2}");
    }

    private uint ReadRegister(uint index) => index switch
    {
        0x00 => _id,
        0x01 => VersionValue,
        0x02 => _id,
        >= 0x10 and < 0x10 + 2 * Pins => (index & 1) == 0 ? _low[(index - 0x10) / 2] : _high[(index - 0x10) / 2],
        _ => 0,
    };

    private void WriteRegister(uint index, uint value)
    {
        if (index == 0x00) _id = value & 0x0F00_0000;
        else if (index is >= 0x10 and < 0x10 + 2 * Pins)
        {
            int pin = (int)(index - 0x10) / 2;
            if ((index & 1) == 1) _high[pin] = value & 0xFF00_0000;
            else WriteLow(pin, value);
        }
    }

    private void WriteLow(int pin, uint value)
    {
        bool wasExtInt = ExtIntAsserted;
        uint keep = _low[pin] & ~LowWritable & ~(1u << 12);
        _low[pin] = keep | (value & LowWritable);
        if (!IsLevel(pin)) _low[pin] &= ~RemoteIrr;
        if (wasExtInt != ExtIntAsserted) ExtIntChanged?.Invoke();
        else if (IsLevel(pin)) Service(pin, edge: false); // unmasking an asserted level input delivers it
    }
}
