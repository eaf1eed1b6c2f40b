using static CamkesVm.Machine.Devices.Net.Intel82574LRegisters;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// Register reads and writes of the 82574L (datasheet §10.2): most registers store what is written; the ones
/// below have side effects. Statistics counters (§10.2.7) read 0: nothing is counted.
/// </summary>
public sealed partial class Intel82574L
{
    private uint ReadRegister(int offset)
    {
        if ((uint)offset >= CsrSize) return 0xFFFF_FFFF;
        if (offset is >= StatisticsStart and < StatisticsEnd) return 0;
        return offset switch
        {
            Status => StatusValue(),
            Icr => ReadInterruptCause(),
            Ics or Imc => 0,
            _ => _csr[offset / 4],
        };
    }

    private void WriteRegister(int offset, uint value)
    {
        if ((uint)offset >= CsrSize || offset is >= StatisticsStart and < StatisticsEnd) return;
        switch (offset)
        {
            case Ctrl: WriteControl(value); return;
            case Status: return;
            case Eecd: _csr[Eecd / 4] = (value & ~0x0000_0300u) | EecdPresent | EecdAutoReadDone; return;
            case Eerd: ReadNvm(value); return;
            case Mdic: AccessPhy(value); return;
            case Icr: _csr[Icr / 4] &= ~value; UpdateInterrupt(); return;
            case Ics: RaiseCause(value); return;
            case Ims: _csr[Ims / 4] |= value; UpdateInterrupt(); return;
            case Imc: _csr[Ims / 4] &= ~value; UpdateInterrupt(); return;
            case Eemngctl: return;
            case Rdh or Rdt or Tdh or Tdt: _csr[offset / 4] = value & 0xFFFF; break;
            default: _csr[offset / 4] = value; break;
        }
        if (offset is Tdt or Tctl) Transmit();
        if (offset is Rdt or Rctl) Service();
    }

    private uint StatusValue()
    {
        uint status = StatusFullDuplex | StatusLinkUp | StatusSpeed1000;
        return (_csr[Ctrl / 4] & CtrlGioMasterDisable) != 0 ? status : status | StatusGioMasterEnable;
    }

    /// <summary>
    /// ICR read (§10.2.4.1): INT_ASSERTED is set while an enabled cause is pending; the register clears when
    /// INT_ASSERTED is set or IMS is 0, and with CTRL_EXT.IAME the causes in IAM are masked in IMS.
    /// </summary>
    private uint ReadInterruptCause()
    {
        uint icr = _csr[Icr / 4], ims = _csr[Ims / 4];
        bool asserted = (icr & ims) != 0;
        if (asserted) icr |= IcrIntAsserted;
        if (asserted || ims == 0) _csr[Icr / 4] = 0;
        if (asserted && (_csr[CtrlExt / 4] & CtrlExtIame) != 0) _csr[Ims / 4] &= ~_csr[Iam / 4];
        UpdateInterrupt();
        return icr;
    }

    private void WriteControl(uint value)
    {
        if ((value & CtrlPhyReset) != 0) _phy.Reset();
        if ((value & CtrlReset) != 0)
        {
            ResetRegisters();
            return;
        }
        _csr[Ctrl / 4] = value & ~(CtrlReset | CtrlPhyReset);
    }

    /// <summary>EERD (§10.2.2.4): a write with START reads the word at ADDR and reports DONE with the data.</summary>
    private void ReadNvm(uint value)
    {
        if ((value & EerdStart) == 0) { _csr[Eerd / 4] = value & ~EerdDone; return; }
        int address = (int)(value >> EerdAddressShift) & 0x3FFF;
        _csr[Eerd / 4] = (uint)_nvm.Read(address) << EerdDataShift | (uint)address << EerdAddressShift | EerdDone;
    }

    /// <summary>
    /// MDIC (§10.2.2.7): bits 15:0 data, 20:16 register, 25:21 PHY address, 27:26 opcode (01 write, 10 read),
    /// 28 ready, 29 interrupt on completion, 30 error (no PHY at that address). Completes at once.
    /// </summary>
    private void AccessPhy(uint value)
    {
        const uint Ready = 1u << 28, InterruptEnable = 1u << 29, Error = 1u << 30;
        int register = (int)(value >> 16) & 31, address = (int)(value >> 21) & 31, op = (int)(value >> 26) & 3;
        uint result = value & 0x0FFF_FFFF;
        if (address != Intel82574LPhy.Address || op is 0 or 3) result |= Error;
        else if (op == 2) result = (result & 0xFFFF_0000) | _phy.Read(register);
        else _phy.Write(register, (ushort)value);
        _csr[Mdic / 4] = result | Ready | (value & InterruptEnable);
        if ((value & InterruptEnable) != 0) RaiseCause(IcrMdac);
    }
}
