using CamkesVm.Machine.Bus;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Devices.Storage.Ide;

/// <summary>
/// The Bus Master IDE registers of one channel (SFF-8038i rev 1.0 §2, Intel PCH datasheet "BMIC/BMIS/BMID"):
/// command (bit 0 start/stop, bit 3 direction), status (bit 0 active, bit 1 error and bit 2 interrupt are
/// write-1-to-clear, bits 5-6 drive DMA capable) and the PRD table pointer. The transfer runs when the start bit
/// is set while the drive has a DMA command pending (and PCI bus mastering is on). As Intel's controllers do,
/// the interrupt bit latches every rising edge of the channel's INTRQ, PIO included (Linux's ata_piix checks it).
/// </summary>
public sealed class BusMasterIde
{
    private const byte CommandStart = 0x01, StatusActive = 0x01, StatusError = 0x02, StatusInterrupt = 0x04, StatusCapableMask = 0x60;
    private readonly IdeChannel _channel;
    private readonly Func<bool> _busMasterEnabled;
    private readonly BmidePrdTable _prd;
    private byte _command, _status;
    private uint _table;

    internal BusMasterIde(IdeChannel channel, PhysicalMemory memory, Func<bool> busMasterEnabled)
    {
        _channel = channel;
        _busMasterEnabled = busMasterEnabled;
        _prd = new BmidePrdTable(memory);
        _status = (byte)((channel.Drive(0) != null ? 0x20 : 0) | (channel.Drive(1) != null ? 0x40 : 0));
    }

    /// <summary>Reads the 8 bytes of this channel's block (0 command, 2 status, 4-7 PRD table address).</summary>
    public uint Read(uint offset, int size)
    {
        uint value = offset switch
        {
            0 => _command,
            2 => _status,
            4 => _table,
            _ => 0,
        };
        if (offset is > 4 and < 8) value = _table >> (int)(8 * (offset - 4));
        return size >= 4 ? value : value & ((1u << (8 * size)) - 1);
    }

    /// <summary>Writes this channel's block.</summary>
    public void Write(uint offset, uint value, int size)
    {
        switch (offset)
        {
            case 0:
                WriteCommand((byte)value);
                if (size >= 4) WriteStatus((byte)(value >> 16));
                break;
            case 2: WriteStatus((byte)value); break;
            case 4 when size == 4: _table = value & ~3u; break;
            case 4 or 5 or 6 or 7:
                int shift = (int)(8 * (offset - 4));
                uint mask = (size >= 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1) << shift;
                _table = ((_table & ~mask) | ((value << shift) & mask)) & ~3u;
                break;
        }
    }

    internal void NoteInterrupt() => _status |= StatusInterrupt;

    /// <summary>The drive has a DMA command pending: start now if the host already set the start bit.</summary>
    internal void DeviceReady()
    {
        if ((_command & CommandStart) != 0) Run();
    }

    private void WriteCommand(byte value)
    {
        bool starting = (value & CommandStart) != 0 && (_command & CommandStart) == 0;
        _command = (byte)(value & 0x09);
        if ((_command & CommandStart) == 0) _status &= unchecked((byte)~StatusActive);
        else if (starting)
        {
            _status |= StatusActive;
            Run();
        }
    }

    private void WriteStatus(byte value) =>
        _status = (byte)((_status & ~(value & (StatusError | StatusInterrupt)) & ~StatusCapableMask) | (value & StatusCapableMask));

    private void Run()
    {
        if (!_busMasterEnabled()) return;
        _prd.Start(_table);
        var result = _channel.RunDma(_prd);
        if (result is not { } r) return;
        if (!r.Ok) _status |= StatusError;
        if (!r.Ok || !_prd.HasMore) _status &= unchecked((byte)~StatusActive);
    }
}
