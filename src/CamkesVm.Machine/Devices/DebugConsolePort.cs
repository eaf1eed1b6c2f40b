using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The Bochs/QEMU debug console at port 0xE9 ("port E9 hack"): each byte written is printed on the host;
/// a read returns 0xE9, which lets software detect the port.
/// </summary>
public sealed class DebugConsolePort : ByteWideDevice
{
    /// <summary>The port, which is also what a read returns.</summary>
    public const ushort Port = 0xE9;

    private readonly Action<byte> _output;

    /// <summary>Creates the port; <paramref name="output"/> receives each byte written.</summary>
    public DebugConsolePort(Action<byte> output) => _output = output ?? throw new ArgumentNullException(nameof(output));

    /// <inheritdoc/>
    protected override byte ReadByte(uint offset) => offset == 0 ? (byte)Port : (byte)0xFF;

    /// <inheritdoc/>
    protected override void WriteByte(uint offset, byte value)
    {
        if (offset == 0) _output(value);
    }
}
