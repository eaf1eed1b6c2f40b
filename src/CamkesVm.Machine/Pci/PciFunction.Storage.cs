using System.Buffers.Binary;

namespace CamkesVm.Machine.Pci;

/// <summary>Device-side access to the configuration bytes and their masks (no guest masks applied).</summary>
public partial class PciFunction
{
    /// <summary>Reads a configuration byte as stored.</summary>
    protected byte Get8(int offset) => _config[offset];

    /// <summary>Reads a little-endian configuration word as stored.</summary>
    protected ushort Get16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(offset));

    /// <summary>Reads a little-endian configuration dword as stored.</summary>
    protected uint Get32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(offset));

    /// <summary>Stores a configuration byte, bypassing the guest's masks.</summary>
    protected void Set8(int offset, byte value) => _config[offset] = value;

    /// <summary>Stores a little-endian configuration word, bypassing the guest's masks.</summary>
    protected void Set16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_config.AsSpan(offset), value);

    /// <summary>Stores a little-endian configuration dword, bypassing the guest's masks.</summary>
    protected void Set32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(offset), value);

    /// <summary>Makes the bits of <paramref name="mask"/> (little-endian over <paramref name="length"/> bytes) guest-writable.</summary>
    protected void SetWritable(int offset, int length, uint mask) => SetMask(_writable, offset, length, mask);

    /// <summary>Makes the bits of <paramref name="mask"/> write-1-to-clear for the guest.</summary>
    protected void SetWriteOneToClear(int offset, int length, uint mask) => SetMask(_writeOneToClear, offset, length, mask);

    private static void SetMask(byte[] masks, int offset, int length, uint mask)
    {
        if (length is < 1 or > 4 || offset < 0 || offset + length > PciConfigRegisters.Size)
            throw new ArgumentOutOfRangeException(nameof(offset), $"mask at 0x{offset:x}+{length} is outside configuration space");
        for (int i = 0; i < length; i++) masks[offset + i] = (byte)(mask >> (8 * i));
    }
}
