namespace CamkesVm.Machine.Bus;

/// <summary>
/// Base of a device with 8-bit registers on an 8-bit (ISA-style) data path: a wider access is split into
/// consecutive byte cycles, lowest address first, as the bus of a PC does for an 8-bit peripheral.
/// </summary>
public abstract class ByteWideDevice : IBusDevice
{
    /// <summary>Reads the register at <paramref name="offset"/>.</summary>
    protected abstract byte ReadByte(uint offset);

    /// <summary>Writes the register at <paramref name="offset"/>.</summary>
    protected abstract void WriteByte(uint offset, byte value);

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        uint value = 0;
        for (int i = 0; i < size; i++) value |= (uint)ReadByte(offset + (uint)i) << (8 * i);
        return value;
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        for (int i = 0; i < size; i++) WriteByte(offset + (uint)i, (byte)(value >> (8 * i)));
    }
}
