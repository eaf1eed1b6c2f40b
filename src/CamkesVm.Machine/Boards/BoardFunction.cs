using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Pci;
using static CamkesVm.Machine.Pci.PciConfigRegisters;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// A board device for which no model is plugged in: the identity, header type, BARs and (for a bridge) bus
/// numbers and windows of its <see cref="BoardDevice"/>, with no register behaviour behind the BARs — reads
/// return all ones and writes are ignored, as with a window nothing decodes. Bridge fields follow the type 1
/// header layout (PCI-to-PCI Bridge spec 1.2 §3.2: bus numbers at 0x18, I/O base/limit 0x1C, memory 0x20).
/// </summary>
public sealed class BoardFunction : PciFunction
{
    private const byte HeaderTypeBridge = 0x01;

    /// <summary>Creates the function for <paramref name="device"/>.</summary>
    public BoardFunction(BoardDevice device)
        : base(device.Name, device.Identity.VendorId, device.Identity.DeviceId, device.Identity.ClassCode,
            device.Identity.Revision, device.Identity.SubsystemVendorId, device.Identity.SubsystemId)
    {
        Description = device;
        foreach (var bar in device.Bars)
        {
            if (bar.Kind == PciBarKind.Io) DefineIoBar(bar.Index, bar.Size, Inert.Instance);
            else DefineMemoryBar(bar.Index, bar.Size, Inert.Instance, bar.Prefetchable);
        }
        SetInterruptPin(device.InterruptPin);
        if (device.Bridge is { } b) SetBridge(b);
    }

    /// <summary>The description the function was made from.</summary>
    public BoardDevice Description { get; }

    private void SetBridge(BridgeWindows b)
    {
        Set8(HeaderType, HeaderTypeBridge);
        Set8(0x18, 0);
        Set8(0x19, (byte)b.Secondary);
        Set8(0x1A, (byte)b.Subordinate);
        Set8(0x1C, (byte)(b.IoBase >> 8 & 0xF0));
        Set8(0x1D, (byte)(b.IoLimit >> 8 & 0xF0));
        Set16(0x20, (ushort)(b.MemoryBase >> 16 & 0xFFF0));
        Set16(0x22, (ushort)(b.MemoryLimit >> 16 & 0xFFF0));
        Set16(0x24, 0xFFF0); // prefetchable window: base above limit = none
        Set16(0x26, 0x0000);
    }

    private sealed class Inert : IBusDevice
    {
        public static readonly Inert Instance = new();

        public uint Read(uint offset, int size) => BusValues.Open(size);

        public void Write(uint offset, uint value, int size) { }
    }
}
