using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// Port 0x80, the POST diagnostic port of the PC (a POST card latches the last byte written). Linux also
/// writes it as a short I/O delay (outb_p). Writes are accepted silently; reads return the last code.
/// </summary>
public sealed class PostCodePort : ByteWideDevice
{
    /// <summary>The last byte written (0xFF at power-on).</summary>
    public byte LastCode { get; private set; } = 0xFF;

    /// <summary>Optional observer of every code written (e.g. a boot trace).</summary>
    public Action<byte>? CodeWritten { get; set; }

    /// <inheritdoc/>
    protected override byte ReadByte(uint offset) => offset == 0 ? LastCode : (byte)0xFF;

    /// <inheritdoc/>
    protected override void WriteByte(uint offset, byte value)
    {
        if (offset != 0) return;
        LastCode = value;
        CodeWritten?.Invoke(value);
    }
}
