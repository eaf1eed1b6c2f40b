using System.Buffers.Binary;
using CamkesVm.Machine.Devices.Storage.Ata;
using static CamkesVm.Machine.Devices.Storage.Ata.AtaRegisters;

namespace CamkesVm.Machine.Devices.Storage.Ide;

/// <summary>
/// Command execution and data phases on an IDE channel (ATA8-APT §11 protocols): non-data commands complete at
/// once with INTRQ; PIO data-in raises INTRQ with DRQ before each block and goes ready after the last word is
/// read; PIO data-out asks for the first block without an interrupt and interrupts after each block written;
/// DMA commands wait for the Bus Master IDE start bit, then move the whole transfer through the PRD table.
/// The data register takes 16- and 32-bit accesses.
/// </summary>
public sealed partial class IdeChannel
{
    private readonly byte[] _pioBuffer;
    private AtaRequest _request;
    private bool _pioActive, _dmaPending;
    private int _pioPosition, _pioLength, _sectorsDone;

    private void Execute(byte command)
    {
        int d = Selected;
        var drive = _drives[d];
        if (drive == null) return;
        if ((_status[d] & StatusBusy) != 0) return;
        AbortTransfer();
        SetInterrupt(false);
        if (command == ExecuteDiagnostic)
        {
            for (int p = 0; p < 2; p++) SignatureAfterReset(p);
            _device &= unchecked((byte)~DeviceSlave);
            SetInterrupt(true);
            return;
        }
        var request = drive.Decode(TaskFile(command));
        if (request.Failed || request.Protocol == AtaProtocol.NonData) { Finish(d, request); return; }
        _request = request;
        _sectorsDone = 0;
        switch (request.Protocol)
        {
            case AtaProtocol.PioIn: LoadBlock(d, drive); break;
            case AtaProtocol.PioOut: ExpectBlock(d, interrupt: false); break;
            default:
                _dmaPending = true;
                _status[d] = (byte)(AtaDrive.ReadyStatus | StatusDrq);
                BusMaster.DeviceReady();
                break;
        }
    }

    /// <summary>Called by the bus master once it is started with a DMA command pending: runs the transfer.</summary>
    internal (uint Bytes, bool Ok)? RunDma(PrdTable table)
    {
        if (!_dmaPending) return null;
        _dmaPending = false;
        int d = Selected;
        var drive = _drives[d]!;
        var result = table.Transfer(drive, _request);
        Finish(d, AtaDrive.Complete(_request, result.Ok));
        return result;
    }

    private void Finish(int position, in AtaRequest outcome)
    {
        _status[position] = outcome.Status;
        _error[position] = outcome.Error;
        SetInterrupt(true);
    }

    private void LoadBlock(int position, AtaDrive drive)
    {
        int sectors = Math.Min(_request.SectorsPerBlock, _request.Sectors - _sectorsDone);
        _pioLength = sectors * 512;
        _pioPosition = 0;
        if (!drive.ReadData(_request, _sectorsDone, _pioBuffer.AsSpan(0, _pioLength)))
        {
            Finish(position, AtaDrive.Complete(_request, false));
            return;
        }
        _sectorsDone += sectors;
        _pioActive = true;
        _status[position] = (byte)(AtaDrive.ReadyStatus | StatusDrq);
        SetInterrupt(true);
    }

    private void ExpectBlock(int position, bool interrupt)
    {
        int sectors = Math.Min(_request.SectorsPerBlock, _request.Sectors - _sectorsDone);
        _pioLength = sectors * 512;
        _pioPosition = 0;
        _pioActive = true;
        _status[position] = (byte)(AtaDrive.ReadyStatus | StatusDrq);
        if (interrupt) SetInterrupt(true);
    }

    private uint ReadData(int size)
    {
        if (!_pioActive || _request.Protocol != AtaProtocol.PioIn) return size == 4 ? 0xFFFF_FFFF : 0xFFFF;
        int n = size == 4 ? 4 : 2;
        uint value = n == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(_pioBuffer.AsSpan(_pioPosition))
                            : BinaryPrimitives.ReadUInt16LittleEndian(_pioBuffer.AsSpan(_pioPosition));
        _pioPosition += n;
        if (_pioPosition >= _pioLength) DataInBlockDone();
        return value;
    }

    private void WriteData(uint value, int size)
    {
        if (!_pioActive || _request.Protocol != AtaProtocol.PioOut) return;
        if (size == 4) BinaryPrimitives.WriteUInt32LittleEndian(_pioBuffer.AsSpan(_pioPosition), value);
        else BinaryPrimitives.WriteUInt16LittleEndian(_pioBuffer.AsSpan(_pioPosition), (ushort)value);
        _pioPosition += size == 4 ? 4 : 2;
        if (_pioPosition >= _pioLength) DataOutBlockDone();
    }

    private void DataInBlockDone()
    {
        _pioActive = false;
        int d = Selected;
        if (_sectorsDone < _request.Sectors) LoadBlock(d, _drives[d]!);
        else _status[d] = AtaDrive.ReadyStatus;
    }

    private void DataOutBlockDone()
    {
        _pioActive = false;
        int d = Selected;
        var drive = _drives[d]!;
        int sectors = _pioLength / 512;
        if (!drive.WriteData(_request, _sectorsDone, _pioBuffer.AsSpan(0, _pioLength)))
        {
            Finish(d, AtaDrive.Complete(_request, false));
            return;
        }
        _sectorsDone += sectors;
        if (_sectorsDone < _request.Sectors) ExpectBlock(d, interrupt: true);
        else Finish(d, AtaDrive.Complete(_request, true));
    }

    private void AbortTransfer()
    {
        _pioActive = false;
        _dmaPending = false;
    }
}
