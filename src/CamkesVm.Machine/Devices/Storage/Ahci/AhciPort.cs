using CamkesVm.Machine.Devices.Storage.Ata;
using CamkesVm.X86.Memory;
using static CamkesVm.Machine.Devices.Storage.Ahci.AhciRegisters;

namespace CamkesVm.Machine.Devices.Storage.Ahci;

/// <summary>
/// One AHCI port (Serial ATA AHCI 1.3 §3.3) with an optional ATA disk: the port registers, the link as SStatus/
/// SControl show it (a COMRESET through PxSCTL.DET re-sends the device signature, §3.3.11), the FIS receive
/// area and the command list (§4.2). Commands run to completion when PxCI is written (see AhciPort.Commands.cs).
/// </summary>
public sealed partial class AhciPort
{
    private readonly PhysicalMemory _memory;
    private readonly Action _interruptChanged;
    private uint _clb, _clbu, _fb, _fbu, _is, _ie, _cmd, _tfd, _sig, _ssts, _sctl, _serr, _sact, _ci;

    /// <summary>Port <paramref name="index"/> with <paramref name="drive"/> attached (null: nothing plugged in).</summary>
    public AhciPort(int index, AtaDrive? drive, PhysicalMemory memory, Action interruptChanged)
    {
        Index = index;
        Drive = drive;
        _memory = memory;
        _interruptChanged = interruptChanged;
        _prdt = new AhciPrdt(memory);
        Reset();
    }

    /// <summary>The port number.</summary>
    public int Index { get; }

    /// <summary>The disk on this port, if any.</summary>
    public AtaDrive? Drive { get; }

    /// <summary>True while an interrupt the host enabled is pending (PxIS and PxIE).</summary>
    public bool InterruptPending => (_is & _ie) != 0;

    /// <summary>Port reset (HBA reset, §10.4.3): registers to their defaults, then the link comes up and the device signature arrives.</summary>
    public void Reset()
    {
        _clb = _clbu = _fb = _fbu = _is = _ie = _serr = _sact = _ci = _sctl = 0;
        _cmd = CmdSud | CmdPod | (Drive != null ? CmdCps : 0);
        LinkUp();
    }

    /// <summary>Reads a port register (offset inside the port's 80h bytes).</summary>
    public uint Read(uint offset) => offset switch
    {
        PxClb => _clb, PxClbu => _clbu, PxFb => _fb, PxFbu => _fbu, PxIs => _is, PxIe => _ie, PxCmd => CommandRegister,
        PxTfd => _tfd, PxSig => _sig, PxSsts => _ssts, PxSctl => _sctl, PxSerr => _serr, PxSact => _sact, PxCi => _ci,
        _ => 0,
    };

    /// <summary>Writes a port register.</summary>
    public void Write(uint offset, uint value)
    {
        switch (offset)
        {
            case PxClb: _clb = value & ~0x3FFu; break;
            case PxClbu: _clbu = value; break;
            case PxFb: _fb = value & ~0xFFu; break;
            case PxFbu: _fbu = value; break;
            case PxIs: _is &= ~value; _interruptChanged(); break;
            case PxIe: _ie = value & IsMask; _interruptChanged(); break;
            case PxCmd: WriteCommand(value); break;
            case PxSctl: WriteSControl(value); break;
            case PxSerr: _serr &= ~value; break;
            case PxSact: if ((_cmd & CmdSt) != 0) _sact |= value; break;
            case PxCi: if ((_cmd & CmdSt) != 0) { _ci |= value; ProcessCommands(); } break;
        }
    }

    private uint CommandRegister
    {
        get
        {
            uint v = _cmd;
            if ((v & CmdSt) != 0) v |= CmdCr | ((uint)_currentSlot << 8);
            if ((v & CmdFre) != 0) v |= CmdFr;
            return v;
        }
    }

    private void WriteCommand(uint value)
    {
        bool wasRunning = (_cmd & CmdSt) != 0;
        _cmd = (_cmd & (CmdSud | CmdPod | CmdCps)) | (value & (CmdSt | CmdFre | CmdStoredMask));
        if ((value & CmdClo) != 0) _tfd &= ~(uint)(AtaRegisters.StatusBusy | AtaRegisters.StatusDrq);
        if (wasRunning && (_cmd & CmdSt) == 0)
        {
            _ci = 0;
            _sact = 0;
            _currentSlot = 0;
        }
    }

    /// <summary>SControl DET (§3.3.11): 1 holds the link in COMRESET; going back to 0 brings it up again.</summary>
    private void WriteSControl(uint value)
    {
        uint oldDet = _sctl & 0xF;
        _sctl = value & 0xFFFFF;
        uint det = _sctl & 0xF;
        if (det == 1)
        {
            _ssts = 0;
            _tfd = 0x80;
        }
        else if (oldDet == 1 && det == 0) LinkUp();
    }

    /// <summary>The device answers the reset: link established, signature FIS received (§10.4.2).</summary>
    private void LinkUp()
    {
        if (Drive == null)
        {
            _ssts = 0;
            _tfd = 0x7F;
            _sig = 0xFFFF_FFFF;
            return;
        }
        _ssts = SstsDeviceGen2;
        _tfd = 0x0100u | AtaDrive.ReadyStatus;
        _sig = SignatureAta;
        _serr |= 1u << 26; // DIAG.X: device presence changed (exchanged)
        PostD2h(AtaDrive.ReadyStatus, 0x01, signature: true, interrupt: false);
    }

    private void Raise(uint bits)
    {
        _is |= bits;
        _interruptChanged();
    }
}
