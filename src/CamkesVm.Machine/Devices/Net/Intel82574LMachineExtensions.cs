using CamkesVm.Machine.Net;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>Plugs an 82574L into a <see cref="PcMachine"/> as firmware leaves it: BARs assigned, memory and I/O decoding on.</summary>
public static class Intel82574LMachineExtensions
{
    /// <summary>
    /// Adds a card on <paramref name="backend"/> at 00:<paramref name="device"/>.0 with INTx on <paramref name="irq"/>;
    /// frames from the backend wake the machine and are moved into guest memory on the machine thread.
    /// </summary>
    public static Intel82574L AddIntel82574L(this PcMachine machine, INetworkBackend backend, int device, int irq, Intel82574LOptions? options = null)
    {
        var nic = new Intel82574L(backend, machine.Memory, options);
        machine.AddPciDevice(device, 0, nic, irq);
        nic.WriteConfig(PciConfigRegisters.Command, PciConfigRegisters.CommandMemorySpace | PciConfigRegisters.CommandIoSpace, 2);
        return nic.ServedBy(machine);
    }

    /// <summary>
    /// Lets <paramref name="machine"/> serve the card wherever it is plugged (own bus or a passthrough board): frames
    /// from the backend wake the machine, and its thread moves them into guest memory.
    /// </summary>
    public static Intel82574L ServedBy(this Intel82574L nic, PcMachine machine)
    {
        nic.Wake = machine.Wake;
        machine.AddDeviceService(nic.Service);
        return nic;
    }
}
