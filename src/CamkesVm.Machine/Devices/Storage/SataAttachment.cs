using CamkesVm.Machine.Pci;
using CamkesVm.Machine.Storage;

namespace CamkesVm.Machine.Devices.Storage;

/// <summary>Plugs the PCH SATA controller into a <see cref="PcMachine"/> as the cma34cr's firmware leaves it.</summary>
public static class SataAttachment
{
    /// <summary>The controller's place on the cma34cr: bus 0, device 1Fh, function 2.</summary>
    public const int Device = 0x1F, Function = 2;

    /// <summary>
    /// Function 0 of device 1Fh, the QM77 LPC bridge (device ID 1E55h, class ISA bridge). Operating systems scan
    /// function 0 first and skip the device without it, so a board that has no model of its own gets this identity.
    /// </summary>
    public const ushort LpcBridgeId = 0x1E55;

    private const string LpcBridgeName = "Intel QM77 LPC controller";

    /// <summary>
    /// Adds a controller in <paramref name="mode"/> with <paramref name="disks"/> at 00:1f.2, its INTx on
    /// <paramref name="irq"/> (the seed routes it to guest IRQ 11), with the BARs at the seed's addresses and
    /// I/O and memory decoding enabled, as the BIOS does before the OS runs (bus mastering is left to the driver).
    /// </summary>
    public static PchSataController AttachSata(this PcMachine machine, SataMode mode, IReadOnlyList<IDiskBackend> disks, int irq = 11)
    {
        var controller = new PchSataController(mode, disks, machine.Memory);
        if (machine.Pci.Find(Device, 0) == null) machine.Pci.Add(Device, 0, new PciFunction(LpcBridgeName, 0x8086, LpcBridgeId, 0x06_01_00));
        machine.AddPciDevice(Device, Function, controller, irq);
        controller.WriteConfig(PciConfigRegisters.Command, PciConfigRegisters.CommandIoSpace | PciConfigRegisters.CommandMemorySpace, 2);
        return controller;
    }
}
