using CamkesVm.Machine.Devices.Storage.Ata;
using static CamkesVm.Machine.Devices.Storage.Ahci.AhciRegisters;

namespace CamkesVm.Machine.Devices.Storage.Ahci;

/// <summary>
/// Command processing (AHCI 1.3 §5.3 and §5.5): for each slot set in PxCI the port fetches the command header
/// (§4.2.2) and its command table's Register H2D FIS, runs the ATA command, moves the data through the PRDT,
/// writes PRDBC back, posts the PIO Setup (data-in PIO) or D2H Register FIS with the ending status into the
/// receive area, clears the slot and raises PxIS.PSS/DHRS. A failing command sets PxTFD.ERR and PxIS.TFES and
/// stops the list with its slot still set, until the host clears PxCMD.ST (§6.2.2).
/// A Device Control FIS (C bit clear) with SRST set then cleared performs a software reset (§10.4.1).
/// </summary>
public sealed partial class AhciPort
{
    private const int HeaderBytes = 32, CommandFisOffset = 0, PrdtOffset = 0x80;
    private readonly AhciPrdt _prdt;
    private readonly byte[] _fis = new byte[20];
    private int _currentSlot;
    private bool _softResetAsserted;

    private void ProcessCommands()
    {
        while ((_cmd & CmdSt) != 0 && _ci != 0 && (_tfd & AtaRegisters.StatusError) == 0)
        {
            int slot = System.Numerics.BitOperations.TrailingZeroCount(_ci);
            _currentSlot = slot;
            if (!RunSlot(slot)) return;
            _ci &= ~(1u << slot);
        }
    }

    /// <summary>Runs the command in <paramref name="slot"/>; false when it failed and the list stops.</summary>
    private bool RunSlot(int slot)
    {
        uint header = _clb + (uint)(slot * HeaderBytes);
        uint dw0 = GuestDma.ReadUInt32(_memory, header);
        uint table = GuestDma.ReadUInt32(_memory, header + 8) & ~0x7Fu;
        Span<byte> cfis = stackalloc byte[20];
        GuestDma.FromGuest(_memory, table + CommandFisOffset, cfis);
        if (cfis[0] != FisRegH2D || Drive == null) return Fail(header, AtaRegisters.ErrorAbort);
        if ((cfis[1] & 0x80) == 0) return DeviceControl(cfis[15], header);

        var tf = TaskFile(cfis);
        var request = Drive.Decode(tf);
        if (request.Failed) return Fail(header, request.Error);
        if (request.Protocol == AtaProtocol.NonData)
        {
            GuestDma.WriteUInt32(_memory, header + 4, 0);
            Complete(request.Status, request.Error, IsDhrs, pioIn: false, 0);
            return true;
        }
        _prdt.Start(table + PrdtOffset, (int)(dw0 >> 16));
        var (bytes, ok) = _prdt.Transfer(Drive, request);
        GuestDma.WriteUInt32(_memory, header + 4, bytes);
        var end = AtaDrive.Complete(request, ok);
        if (end.Failed) return Fail(header, end.Error);
        bool pioIn = request.Protocol == AtaProtocol.PioIn;
        Complete(end.Status, 0, pioIn ? IsPss : IsDhrs, pioIn, bytes);
        return true;
    }

    private static AtaTaskFile TaskFile(ReadOnlySpan<byte> f) => new()
    {
        Command = f[2],
        Feature = (ushort)(f[3] | f[11] << 8),
        Lba = f[4] | (ulong)f[5] << 8 | (ulong)f[6] << 16 | (ulong)f[8] << 24 | (ulong)f[9] << 32 | (ulong)f[10] << 40,
        Device = f[7],
        Count = (ushort)(f[12] | f[13] << 8),
    };

    /// <summary>SRST set: the device is held in reset; SRST cleared: it sends its signature (ATA8-AST §11.4).</summary>
    private bool DeviceControl(byte control, uint header)
    {
        GuestDma.WriteUInt32(_memory, header + 4, 0);
        if ((control & 0x04) != 0)
        {
            _softResetAsserted = true;
            _tfd = AtaRegisters.StatusBusy;
            return true;
        }
        if (_softResetAsserted)
        {
            _softResetAsserted = false;
            _tfd = 0x0100u | AtaDrive.ReadyStatus;
            _sig = SignatureAta;
            PostD2h(AtaDrive.ReadyStatus, 0x01, signature: true, interrupt: true);
            Raise(IsDhrs);
        }
        return true;
    }

    private void Complete(byte status, byte error, uint interrupt, bool pioIn, uint bytes)
    {
        _tfd = (uint)(error << 8) | status;
        if (pioIn) PostPioSetup(status, bytes);
        else PostD2h(status, error, signature: false, interrupt: true);
        Raise(interrupt);
    }

    private bool Fail(uint header, byte error)
    {
        GuestDma.WriteUInt32(_memory, header + 4, 0);
        byte status = (byte)(AtaDrive.ReadyStatus | AtaRegisters.StatusError);
        _tfd = (uint)(error << 8) | status;
        PostD2h(status, error, signature: false, interrupt: true);
        Raise(IsTfes | IsDhrs);
        return false;
    }

    /// <summary>Writes a Register D2H FIS (SATA §10.5.6) to the receive area; the signature form carries count 1, LBA 1.</summary>
    private void PostD2h(byte status, byte error, bool signature, bool interrupt)
    {
        if ((_cmd & CmdFre) == 0) return;
        Array.Clear(_fis);
        _fis[0] = FisRegD2H;
        _fis[1] = (byte)(interrupt ? 0x40 : 0);
        _fis[2] = status;
        _fis[3] = error;
        if (signature) { _fis[4] = 1; _fis[12] = 1; }
        GuestDma.ToGuest(_memory, _fb + RfisD2h, _fis);
    }

    /// <summary>Writes a PIO Setup FIS (SATA §10.5.11) for a data-in command: ending status in E_Status, byte count.</summary>
    private void PostPioSetup(byte status, uint bytes)
    {
        if ((_cmd & CmdFre) == 0) return;
        Array.Clear(_fis);
        _fis[0] = FisPioSetup;
        _fis[1] = 0x60; // D (device to host) and I
        _fis[2] = (byte)(status | AtaRegisters.StatusDrq);
        _fis[15] = status;
        _fis[16] = (byte)bytes;
        _fis[17] = (byte)(bytes >> 8);
        GuestDma.ToGuest(_memory, _fb + RfisPioSetup, _fis);
    }
}
