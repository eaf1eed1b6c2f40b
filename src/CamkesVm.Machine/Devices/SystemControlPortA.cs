using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// Port 0x92, PS/2 System Control Port A ("fast A20 and reset", IBM PS/2 technical reference; Intel PIIX/ICH
/// datasheets, port 92h): bit 1 is the A20 gate, bit 0 written as 1 is the alternate fast reset (it reads
/// back 0 here, the reset having happened). Other bits are kept as written.
/// </summary>
public sealed class SystemControlPortA : ByteWideDevice
{
    private const byte FastReset = 0x01, A20Gate = 0x02;
    private readonly Action _reset;
    private byte _value;

    /// <summary>
    /// Creates the port. <paramref name="a20Enabled"/> is the gate at power-on: true for a guest entered in
    /// protected mode by our loader (as a BIOS leaves it), false for a real-mode PC reset.
    /// </summary>
    public SystemControlPortA(Action reset, bool a20Enabled = true)
    {
        _reset = reset ?? throw new ArgumentNullException(nameof(reset));
        _value = a20Enabled ? A20Gate : (byte)0;
    }

    /// <summary>True when address line 20 is not masked.</summary>
    public bool A20Enabled => (_value & A20Gate) != 0;

    /// <summary>Called with the new state when the guest changes the A20 gate.</summary>
    public Action<bool>? A20Changed { get; set; }

    /// <inheritdoc/>
    protected override byte ReadByte(uint offset) => offset == 0 ? _value : (byte)0xFF;

    /// <inheritdoc/>
    protected override void WriteByte(uint offset, byte value)
    {
        if (offset != 0) return;
        bool wasEnabled = A20Enabled;
        _value = (byte)(value & ~FastReset);
        if (A20Enabled != wasEnabled) A20Changed?.Invoke(A20Enabled);
        if ((value & FastReset) != 0) _reset();
    }
}
