using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices.Storage.Ide;

/// <summary>
/// A channel's 4-byte native-mode control block BAR (PCI IDE Controller Specification rev 1.0 §2: the
/// Alternate Status / Device Control register is at offset 2 of it, as at 3F6h/376h in compatibility mode).
/// </summary>
public sealed class IdeControlBlock(IdeChannel channel) : IBusDevice
{
    /// <inheritdoc/>
    public uint Read(uint offset, int size) => offset == 2 ? channel.AlternateStatus : size >= 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1;

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset == 2) channel.WriteDeviceControl((byte)value);
    }
}

/// <summary>The 16-byte Bus Master IDE BAR: channel 0 at 0-7, channel 1 at 8-15 (SFF-8038i §2).</summary>
public sealed class BusMasterIdeBlock(IdeChannel primary, IdeChannel secondary) : IBusDevice
{
    /// <inheritdoc/>
    public uint Read(uint offset, int size) => (offset < 8 ? primary : secondary).BusMaster.Read(offset & 7, size);

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size) => (offset < 8 ? primary : secondary).BusMaster.Write(offset & 7, value, size);
}
