namespace CamkesVm.Machine.Pci;

/// <summary>Offsets and bits of the type 0 configuration header (PCI Local Bus spec 3.0 §6.1, §6.2).</summary>
public static class PciConfigRegisters
{
    /// <summary>Bytes of configuration space of a conventional PCI function.</summary>
    public const int Size = 256;

    public const int VendorId = 0x00, DeviceId = 0x02, Command = 0x04, Status = 0x06, RevisionId = 0x08;
    public const int ClassCode = 0x09, CacheLineSize = 0x0C, LatencyTimer = 0x0D, HeaderType = 0x0E, Bist = 0x0F;
    public const int Bar0 = 0x10, SubsystemVendorId = 0x2C, SubsystemId = 0x2E, ExpansionRom = 0x30;
    public const int CapabilitiesPointer = 0x34, InterruptLine = 0x3C, InterruptPin = 0x3D;

    /// <summary>Where capability structures may start (after the predefined header).</summary>
    public const int FirstCapability = 0x40;

    public const ushort CommandIoSpace = 0x0001, CommandMemorySpace = 0x0002, CommandBusMaster = 0x0004;
    public const ushort CommandParityErrorResponse = 0x0040, CommandSerr = 0x0100, CommandInterruptDisable = 0x0400;

    public const ushort StatusInterrupt = 0x0008, StatusCapabilitiesList = 0x0010;

    /// <summary>Status bits that are write-1-to-clear: parity detected, SERR, master/target aborts, data parity.</summary>
    public const ushort StatusErrorBits = 0xF900;

    /// <summary>Header type bit 7: the device has more than one function.</summary>
    public const byte HeaderMultiFunction = 0x80;
}
