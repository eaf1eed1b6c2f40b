using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices.Storage.Ata;
using CamkesVm.X86.Memory;
using static CamkesVm.Machine.Devices.Storage.Ata.AtaRegisters;

namespace CamkesVm.Machine.Devices.Storage.Ide;

/// <summary>
/// One IDE channel of the controller in legacy/native IDE mode (ATA8-APT §5 and §7: the command block registers
/// at offsets 0-7, Alternate Status/Device Control in the control block): a master and a slave position, the
/// shared task file with its "previous" (HOB) bytes for 48-bit commands, INTRQ with nIEN, and software reset.
/// As on real hardware (and QEMU's ide model), registers of a selected position with no drive read 0 while
/// the other position has one, and a channel with no drives floats (all ones). PIO and DMA data phases are
/// in IdeChannel.Transfer.cs; the Bus Master IDE function is <see cref="BusMasterIde"/>.
/// </summary>
public sealed partial class IdeChannel : IBusDevice
{
    private const byte ControlNien = 0x02, ControlSrst = 0x04, ControlHob = 0x80, DeviceSlave = 0x10;
    private readonly AtaDrive?[] _drives;
    private readonly Action _interruptChanged;
    private readonly byte[] _status = new byte[2], _error = new byte[2];
    private byte _feature, _count, _lbaLow, _lbaMid, _lbaHigh, _device, _control;
    private byte _featurePrev, _countPrev, _lbaLowPrev, _lbaMidPrev, _lbaHighPrev;
    private bool _intrq;

    /// <summary>A channel with <paramref name="master"/> and <paramref name="slave"/> (null: absent).</summary>
    public IdeChannel(AtaDrive? master, AtaDrive? slave, PhysicalMemory memory, Func<bool> busMasterEnabled, Action interruptChanged)
    {
        _drives = [master, slave];
        _interruptChanged = interruptChanged;
        BusMaster = new BusMasterIde(this, memory, busMasterEnabled);
        _pioBuffer = new byte[16 * 512];
        for (int d = 0; d < 2; d++) SignatureAfterReset(d);
        _device = 0;
    }

    /// <summary>The channel's Bus Master IDE registers (SFF-8038i).</summary>
    public BusMasterIde BusMaster { get; }

    /// <summary>The drive at position 0 (master) or 1 (slave).</summary>
    public AtaDrive? Drive(int position) => _drives[position];

    /// <summary>True while INTRQ is asserted towards the interrupt controller (pending and nIEN clear).</summary>
    public bool InterruptAsserted => _intrq && (_control & ControlNien) == 0;

    private int Selected => (_device & DeviceSlave) != 0 ? 1 : 0;

    private bool NoDrives => _drives[0] == null && _drives[1] == null;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (offset == 0) return ReadData(size);
        if (NoDrives) return SizeMask(size);
        if (_drives[Selected] == null) return 0;
        bool hob = (_control & ControlHob) != 0;
        return offset switch
        {
            1 => _error[Selected],
            2 => hob ? _countPrev : _count,
            3 => hob ? _lbaLowPrev : _lbaLow,
            4 => hob ? _lbaMidPrev : _lbaMid,
            5 => hob ? _lbaHighPrev : _lbaHigh,
            6 => _device,
            7 => ReadStatusClearingInterrupt(),
            _ => SizeMask(size),
        };
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset == 0) { WriteData(value, size); return; }
        byte v = (byte)value;
        _control &= unchecked((byte)~ControlHob);
        switch (offset)
        {
            case 1: _featurePrev = _feature; _feature = v; break;
            case 2: _countPrev = _count; _count = v; break;
            case 3: _lbaLowPrev = _lbaLow; _lbaLow = v; break;
            case 4: _lbaMidPrev = _lbaMid; _lbaMid = v; break;
            case 5: _lbaHighPrev = _lbaHigh; _lbaHigh = v; break;
            case 6: _device = v; break;
            case 7: Execute(v); break;
        }
    }

    /// <summary>Alternate Status (control block offset 2 read): the status without clearing INTRQ.</summary>
    public byte AlternateStatus => NoDrives ? (byte)0xFF : _drives[Selected] == null ? (byte)0 : _status[Selected];

    /// <summary>Device Control (control block offset 2 write): nIEN, SRST (reset on its falling edge), HOB.</summary>
    public void WriteDeviceControl(byte value)
    {
        bool wasReset = (_control & ControlSrst) != 0;
        _control = value;
        if ((value & ControlSrst) != 0)
        {
            AbortTransfer();
            for (int d = 0; d < 2; d++) if (_drives[d] != null) _status[d] = StatusBusy;
        }
        else if (wasReset)
        {
            for (int d = 0; d < 2; d++) SignatureAfterReset(d);
            _device = 0;
        }
        _interruptChanged();
    }

    private uint ReadStatusClearingInterrupt()
    {
        byte s = _status[Selected];
        SetInterrupt(false);
        return s;
    }

    /// <summary>The diagnostic outcome a reset leaves (ATA8-ACS §7.9, Table 32; signature of an ATA device).</summary>
    private void SignatureAfterReset(int position)
    {
        if (_drives[position] == null) { _status[position] = 0; _error[position] = 0; return; }
        _status[position] = AtaDrive.ReadyStatus;
        _error[position] = 0x01;
        _count = _lbaLow = 1;
        _lbaMid = _lbaHigh = 0;
    }

    private AtaTaskFile TaskFile(byte command) => new()
    {
        Command = command,
        Feature = (ushort)(_feature | _featurePrev << 8),
        Count = (ushort)(_count | _countPrev << 8),
        Lba = _lbaLow | (ulong)_lbaMid << 8 | (ulong)_lbaHigh << 16 | (ulong)_lbaLowPrev << 24 | (ulong)_lbaMidPrev << 32 | (ulong)_lbaHighPrev << 40,
        Device = _device,
    };

    internal void SetInterrupt(bool pending)
    {
        if (pending && !_intrq) BusMaster.NoteInterrupt();
        _intrq = pending;
        _interruptChanged();
    }

    private static uint SizeMask(int size) => size >= 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1;
}
