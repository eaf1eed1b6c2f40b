using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// Port 0xCF9, the Reset Control Register of Intel's PIIX3/PIIX4 and later chipsets (PIIX4 datasheet, RC
/// register): bit 1 SRST selects a hard reset, bit 2 RCPU starts the reset, bit 3 full reset. A write with
/// RCPU set resets the machine (Linux's reboot=pci writes 0x02 then 0x06; the FADT reset register names
/// this port with value 0x06). Reads return bits 1 and 3 as last written. It shares the dword at 0xCF8
/// with the PCI configuration address register: <see cref="Pci.PciHostBridge"/> forwards its byte accesses here.
/// </summary>
public sealed class ResetControlRegister : ByteWideDevice
{
    /// <summary>The port.</summary>
    public const ushort Port = 0xCF9;

    /// <summary>The value that requests a hard CPU reset (SRST | RCPU).</summary>
    public const byte HardReset = 0x06;

    private const byte ResetCpu = 0x04, KeptBits = 0x0A;
    private readonly Action _reset;
    private byte _value;

    /// <summary>Creates the register; <paramref name="reset"/> runs when the guest requests a reset.</summary>
    public ResetControlRegister(Action reset) => _reset = reset ?? throw new ArgumentNullException(nameof(reset));

    /// <inheritdoc/>
    protected override byte ReadByte(uint offset) => offset == 0 ? _value : (byte)0xFF;

    /// <inheritdoc/>
    protected override void WriteByte(uint offset, byte value)
    {
        if (offset != 0) return;
        _value = (byte)(value & KeptBits);
        if ((value & ResetCpu) != 0) _reset();
    }
}
