namespace CamkesVm.Machine.Pci;

/// <summary>
/// The host bridge function at 00:00.0 of an Intel 440FX (82441FX PMC) board, identified as QEMU's pc machine
/// does: vendor 8086, device 1237, revision 02, class 06:00:00 (host bridge), subsystem 1af4:1100. Linux's
/// pci_sanity_check accepts mechanism #1 when it finds a host bridge class or an Intel vendor ID on bus 0.
/// The PAM/SMRAM chipset registers are not modelled (the firmware areas are plain RAM here).
/// </summary>
public sealed class I440FxHostBridge : PciFunction
{
    /// <summary>Intel's PCI vendor ID.</summary>
    public const ushort IntelVendorId = 0x8086;

    /// <summary>The 82441FX device ID.</summary>
    public const ushort DeviceId440Fx = 0x1237;

    /// <summary>Creates the function.</summary>
    public I440FxHostBridge()
        : base("i440FX host bridge", IntelVendorId, DeviceId440Fx, classCode: 0x06_00_00, revision: 0x02,
            subsystemVendorId: 0x1AF4, subsystemId: 0x1100)
    {
    }
}
