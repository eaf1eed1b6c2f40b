using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices.Storage.Ahci;

/// <summary>
/// BAR4 of the PCH SATA controller in AHCI mode (Intel 7 Series PCH datasheet, "AIDP—AHCI Index Data Pair"):
/// the first 16 bytes are the unused Bus Master IDE block (all ones), INDEX at 10h selects a dword offset of the
/// ABAR and DATA at 14h reads or writes it, so firmware can reach the HBA through I/O space.
/// </summary>
public sealed class AhciIndexDataPair(AhciHba hba) : IBusDevice
{
    private uint _index;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        uint value = offset switch
        {
            0x10 => _index,
            0x14 => hba.ReadRegister(_index),
            _ => 0xFFFF_FFFF,
        };
        return size >= 4 ? value : value & ((1u << (8 * size)) - 1);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset == 0x10) _index = value & 0x7FC;
        else if (offset == 0x14 && size == 4) hba.WriteRegister(_index, value);
    }
}
