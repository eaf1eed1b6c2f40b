using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices.Storage.Ide;

/// <summary>
/// The SATA Index/Data Pair of the PCH in IDE mode (Intel 7 Series PCH datasheet, D31:F2 BAR5 "SIDPBA": SINDX
/// at 0, SDATA at 4): SINDX bits 15:8 pick the port (0 primary master, 1 primary slave, 2 secondary master,
/// 3 secondary slave) and bits 7:0 the register (0 SStatus, 1 SControl, 2 SError); SDATA reads and writes it.
/// Linux's ata_piix uses it for link state and COMRESET (SControl DET 1 then 0).
/// </summary>
public sealed class SataIndexDataPair(Func<int, bool> present) : IBusDevice
{
    private const uint SstatusUp = 0x123;
    private readonly uint[] _scontrol = new uint[4], _serror = new uint[4];
    private readonly bool[] _inReset = new bool[4];
    private uint _index;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        uint value = offset switch
        {
            0 => _index,
            4 => ReadData(),
            _ => 0xFFFF_FFFF,
        };
        return size >= 4 ? value : value & ((1u << (8 * size)) - 1);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset == 0) _index = value & 0xFFFF;
        else if (offset == 4) WriteData(value);
    }

    private int Port => (int)((_index >> 8) & 0xFF);

    private uint ReadData()
    {
        int p = Port;
        if (p > 3) return 0;
        return (_index & 0xFF) switch
        {
            0 => present(p) && !_inReset[p] ? SstatusUp : 0,
            1 => _scontrol[p],
            2 => _serror[p],
            _ => 0,
        };
    }

    private void WriteData(uint value)
    {
        int p = Port;
        if (p > 3) return;
        switch (_index & 0xFF)
        {
            case 1:
                _scontrol[p] = value & 0xFFFFF;
                bool reset = (value & 0xF) == 1;
                if (_inReset[p] && !reset && present(p)) _serror[p] |= 1u << 26;
                _inReset[p] = reset;
                break;
            case 2: _serror[p] &= ~value; break;
        }
    }
}
