using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Pci;

/// <summary>
/// PCI configuration mechanism #1 (PCI Local Bus spec 3.0 §3.2.2.3.2), mapped at ports 0xCF8-0xCFF.
/// CONFIG_ADDRESS at 0xCF8 is latched only by 32-bit accesses (bit 31 enable, bus 23:16, device 15:11,
/// function 10:8, register 7:2; bits 30:24 and 1:0 read as 0). CONFIG_DATA at 0xCFC-0xCFF reaches the
/// addressed dword, with byte and word accesses on their byte lanes (0xCFE = register + 2).
/// Narrower accesses to 0xCF8-0xCFB do not touch CONFIG_ADDRESS: Intel host bridges "pass them through"
/// as ordinary I/O cycles (e.g. Intel 82845 MCH datasheet §3.3.1, CONF_ADDR "accessed only as a DWord"),
/// where only 0xCF9, the PIIX reset control register, answers and the rest floats to ones,
/// so the mechanism #2 probe of Linux (byte writes to 0xCF8/0xCFA, reads expecting 0) fails, and
/// pci_check_type1 (0x80000000 written and read back as a dword) succeeds.
/// </summary>
public sealed class PciHostBridge : IBusDevice
{
    /// <summary>The first port (CONFIG_ADDRESS); the device spans 8 ports.</summary>
    public const ushort BasePort = 0xCF8;

    /// <summary>Ports the device occupies.</summary>
    public const int PortCount = 8;

    private const uint EnableBit = 0x8000_0000, AddressMask = 0x80FF_FFFC;
    private readonly PciBus _bus;
    private readonly IBusDevice? _resetControl;

    /// <summary>
    /// Creates the host bridge for <paramref name="bus"/>; byte accesses to 0xCF9 go to
    /// <paramref name="resetControl"/> (a <see cref="Devices.ResetControlRegister"/>) when one is given.
    /// </summary>
    public PciHostBridge(PciBus bus, IBusDevice? resetControl = null)
    {
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        _resetControl = resetControl;
    }

    /// <summary>The CONFIG_ADDRESS register.</summary>
    public uint ConfigAddress { get; private set; }

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (offset >= 4) return ReadData((int)offset - 4, size);
        if (offset == 0 && size == 4) return ConfigAddress;
        if (offset == 1 && size == 1 && _resetControl != null) return _resetControl.Read(0, 1);
        return BusValues.Open(size);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset >= 4) WriteData((int)offset - 4, value, size);
        else if (offset == 0 && size == 4) ConfigAddress = value & AddressMask;
        else if (offset == 1 && size == 1) _resetControl?.Write(0, value, 1);
    }

    private uint ReadData(int lane, int size)
    {
        if ((ConfigAddress & EnableBit) == 0) return BusValues.Open(size);
        var (bus, device, fn, register) = Decode();
        return _bus.ReadConfig(bus, device, fn, register + lane, size);
    }

    private void WriteData(int lane, uint value, int size)
    {
        if ((ConfigAddress & EnableBit) == 0) return;
        var (bus, device, fn, register) = Decode();
        _bus.WriteConfig(bus, device, fn, register + lane, value, size);
    }

    private (int Bus, int Device, int Function, int Register) Decode()
    {
        uint a = ConfigAddress;
        return ((int)(a >> 16) & 0xFF, (int)(a >> 11) & 0x1F, (int)(a >> 8) & 0x7, (int)a & 0xFC);
    }
}
