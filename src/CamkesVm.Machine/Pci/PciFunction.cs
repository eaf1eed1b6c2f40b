using CamkesVm.Machine.Interrupts;
using static CamkesVm.Machine.Pci.PciConfigRegisters;

namespace CamkesVm.Machine.Pci;

/// <summary>
/// A conventional PCI function with a type 0 configuration header (PCI Local Bus spec 3.0 §6): 256 bytes of
/// configuration space with per-bit writable and write-1-to-clear masks, identification registers, command
/// and status, interrupt line/pin with INTx gating (Command.Interrupt Disable, Status.Interrupt Status),
/// up to six BARs with the sizing protocol (§6.2.5.1), and a capability list (§6.7).
/// Device models (AHCI, NIC...) derive from it: they declare BARs and capabilities in their constructor,
/// react to configuration writes in <see cref="OnConfigWritten"/> and raise INTx with <see cref="SetInterrupt"/>.
/// Configuration accesses never throw: bytes outside the 256-byte space read as ones and ignore writes.
/// </summary>
public partial class PciFunction
{
    private readonly byte[] _config = new byte[Size];
    private readonly byte[] _writable = new byte[Size];
    private readonly byte[] _writeOneToClear = new byte[Size];
    private int _nextCapability = FirstCapability, _lastCapability;
    private bool _intxAsserted;

    /// <summary>Creates a function with its identity; <paramref name="classCode"/> is class:subclass:prog-if (24 bits).</summary>
    public PciFunction(string name, ushort vendorId, ushort deviceId, uint classCode, byte revision = 0,
        ushort subsystemVendorId = 0, ushort subsystemId = 0)
    {
        if (classCode > 0xFF_FFFF) throw new ArgumentOutOfRangeException(nameof(classCode), $"class code 0x{classCode:x} has more than 24 bits");
        if (vendorId == 0xFFFF) throw new ArgumentException("vendor ID 0xFFFF means 'no function' and cannot be used", nameof(vendorId));
        Name = name;
        Set16(VendorId, vendorId);
        Set16(DeviceId, deviceId);
        Set8(RevisionId, revision);
        Set8(ClassCode, (byte)classCode);
        Set16(ClassCode + 1, (ushort)(classCode >> 8));
        Set16(SubsystemVendorId, subsystemVendorId);
        Set16(SubsystemId, subsystemId);
        SetWritable(Command, 2, CommandIoSpace | CommandMemorySpace | CommandBusMaster | CommandParityErrorResponse
            | CommandSerr | CommandInterruptDisable);
        SetWriteOneToClear(Status, 2, StatusErrorBits);
        SetWritable(CacheLineSize, 1, 0xFF);
        SetWritable(LatencyTimer, 1, 0xFF);
        SetWritable(InterruptLine, 1, 0xFF);
    }

    /// <summary>A name for logs, e.g. "i440FX host bridge".</summary>
    public string Name { get; }

    /// <summary>Where the function sits, once added to a <see cref="PciBus"/>.</summary>
    public PciAddress? Address { get; internal set; }

    /// <summary>The vendor ID.</summary>
    public ushort Vendor => Get16(VendorId);

    /// <summary>The device ID.</summary>
    public ushort Device => Get16(DeviceId);

    /// <summary>The command register as the guest set it.</summary>
    public ushort CommandRegister => Get16(Command);

    /// <summary>True when the guest allows the function to master the bus (DMA).</summary>
    public bool BusMasterEnabled => (CommandRegister & CommandBusMaster) != 0;

    /// <summary>The INTx wire the board routed this function's interrupt pin to.</summary>
    public IInterruptLine IntxLine { get; set; } = UnconnectedLine.Instance;

    /// <summary>Reads <paramref name="size"/> bytes of configuration space at <paramref name="offset"/>.</summary>
    public uint ReadConfig(int offset, int size)
    {
        uint value = 0;
        for (int i = 0; i < size; i++)
        {
            int o = offset + i;
            value |= (uint)((uint)o < Size ? _config[o] : 0xFF) << (8 * i);
        }
        return ReadingConfig(offset, size, value);
    }

    /// <summary>Writes configuration space through the writable and write-1-to-clear masks, then reacts.</summary>
    public void WriteConfig(int offset, uint value, int size)
    {
        for (int i = 0; i < size; i++)
        {
            int o = offset + i;
            if ((uint)o >= Size) continue;
            byte v = (byte)(value >> (8 * i));
            _config[o] = (byte)(((_config[o] & ~_writable[o]) | (v & _writable[o])) & ~(v & _writeOneToClear[o]));
        }
        if (Overlaps(offset, size, Command, 2)) ApplyInterruptState();
        if (Overlaps(offset, size, Command, 2) || Overlaps(offset, size, Bar0, 24)) UpdateBarDecoding();
        OnConfigWritten(offset, size);
    }

    /// <summary>
    /// Drives INTx (level): the Status.Interrupt Status bit follows <paramref name="asserted"/>; the wire is
    /// asserted only while Command.Interrupt Disable is clear (PCI 3.0 §6.2.2, §6.2.3).
    /// </summary>
    protected void SetInterrupt(bool asserted)
    {
        _intxAsserted = asserted;
        ApplyInterruptState();
    }

    /// <summary>Sets the interrupt pin register: 1-4 for INTA#-INTD#, 0 for none.</summary>
    protected void SetInterruptPin(int pin)
    {
        if ((uint)pin > 4) throw new ArgumentOutOfRangeException(nameof(pin), "interrupt pin must be 0 (none) or 1-4 (INTA#-INTD#)");
        Set8(InterruptPin, (byte)pin);
    }

    /// <summary>
    /// Adds a capability structure of <paramref name="length"/> bytes (including its ID and next-pointer bytes)
    /// to the list and returns its offset. The body is read-only until the model calls <see cref="SetWritable"/>.
    /// </summary>
    protected int AddCapability(byte id, int length)
    {
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), "a capability has at least its ID and next pointer");
        int offset = _nextCapability;
        if (offset + length > Size)
            throw new InvalidOperationException($"{Name}: capability 0x{id:x2} of {length} bytes does not fit configuration space");
        Set8(offset, id);
        Set8(offset + 1, 0);
        Set8(_lastCapability == 0 ? CapabilitiesPointer : _lastCapability + 1, (byte)offset);
        Set16(Status, (ushort)(Get16(Status) | StatusCapabilitiesList));
        _lastCapability = offset;
        _nextCapability = (offset + length + 3) & ~3;
        return offset;
    }

    /// <summary>Called after every configuration write has been applied (offset and size as the guest wrote).</summary>
    protected virtual void OnConfigWritten(int offset, int size) { }

    /// <summary>Lets a model supply live register values on read; the default returns the stored bytes.</summary>
    protected virtual uint ReadingConfig(int offset, int size, uint stored) => stored;

    internal void MarkMultiFunction() => Set8(HeaderType, (byte)(Get8(HeaderType) | HeaderMultiFunction));

    private void ApplyInterruptState()
    {
        ushort status = (ushort)(Get16(Status) & ~StatusInterrupt);
        Set16(Status, _intxAsserted ? (ushort)(status | StatusInterrupt) : status);
        IntxLine.Set(_intxAsserted && (CommandRegister & CommandInterruptDisable) == 0);
    }

    private static bool Overlaps(int offset, int size, int start, int length) => offset < start + length && start < offset + size;
}
