using CamkesVm.Machine.Net;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// How an <see cref="Intel82574L"/> is set up: its Ethernet address and the BAR addresses firmware assigned
/// (the seed board's values by default: CSR 0xc0500000/128 KiB, MSI-X 0xc0520000/16 KiB, I/O 0x3000/32).
/// </summary>
public sealed record Intel82574LOptions
{
    /// <summary>The address in the NVM (default QEMU's 52:54:00:12:34:56).</summary>
    public MacAddress Mac { get; init; } = MacAddress.QemuDefault;

    /// <summary>BAR0, the memory-mapped registers.</summary>
    public uint CsrBase { get; init; } = 0xC050_0000;

    /// <summary>BAR3, the MSI-X table and pending-bit array.</summary>
    public uint MsixBase { get; init; } = 0xC052_0000;

    /// <summary>BAR2, the I/O window (IOADDR/IODATA).</summary>
    public ushort IoBase { get; init; } = 0x3000;

    /// <summary>Subsystem vendor and device IDs (the NVM words the device loads into configuration space).</summary>
    public ushort SubsystemVendorId { get; init; } = 0x8086;

    /// <inheritdoc cref="SubsystemVendorId"/>
    public ushort SubsystemId { get; init; } = 0x0000;

    /// <summary>Frames waiting for receive descriptors beyond this many are dropped (counted in <see cref="Intel82574L.DroppedFrames"/>).</summary>
    public int ReceiveQueueLimit { get; init; } = 1024;
}
