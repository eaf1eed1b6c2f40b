using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The edge/level control registers of the PIIX/PIIX3 (Intel 82371SB datasheet, ELCR1 at 0x4D0 and ELCR2
/// at 0x4D1): one bit per IRQ, 1 = level-sensitive. IRQ 0, 1, 2, 8 and 13 are always edge (their bits read 0).
/// </summary>
public sealed class Pic8259Elcr : IBusDevice
{
    private const byte MasterWritable = 0xF8, SlaveWritable = 0xDE;
    private readonly Pic8259 _pic;

    internal Pic8259Elcr(Pic8259 pic) => _pic = pic;

    /// <inheritdoc/>
    public uint Read(uint offset, int size) => (offset, size) switch
    {
        (0, 1) => _pic.Master.Elcr,
        (1, 1) => _pic.Slave.Elcr,
        (0, 2) => (uint)(_pic.Master.Elcr | _pic.Slave.Elcr << 8),
        _ => BusValues.Open(size),
    };

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset == 0 && size <= 2)
        {
            _pic.Master.Elcr = (byte)(value & MasterWritable);
            if (size == 2) _pic.Slave.Elcr = (byte)((value >> 8) & SlaveWritable);
        }
        else if (offset == 1 && size == 1) _pic.Slave.Elcr = (byte)(value & SlaveWritable);
    }
}
