namespace CamkesVm.Machine.Devices;

/// <summary>The register behaviour of the <see cref="Uart16550"/> (PC16550D datasheet, section 8).</summary>
public sealed partial class Uart16550
{
    private const byte IerRxData = 0x01, IerThrEmpty = 0x02, IerLineStatus = 0x04, IerModemStatus = 0x08;
    private const byte IirNoInterrupt = 0x01, IirModemStatus = 0x00, IirThrEmpty = 0x02, IirRxData = 0x04;
    private const byte IirLineStatus = 0x06, IirRxTimeout = 0x0C, IirFifosEnabled = 0xC0;
    private const byte FcrEnable = 0x01, FcrClearRx = 0x02, FcrKeptBits = 0xC9; // enable, DMA mode, RX trigger
    private const byte LcrDlab = 0x80;
    private const byte McrDtr = 0x01, McrRts = 0x02, McrOut1 = 0x04, McrOut2 = 0x08, McrLoop = 0x10;
    private const byte LsrDataReady = 0x01, LsrOverrun = 0x02, LsrThrEmpty = 0x20, LsrTransmitterEmpty = 0x40;
    private const byte MsrCts = 0x10, MsrDsr = 0x20, MsrRi = 0x40, MsrDcd = 0x80;
    private const byte MsrDeltaCts = 0x01, MsrDeltaDsr = 0x02, MsrTrailingRi = 0x04, MsrDeltaDcd = 0x08;

    /// <summary>The modem inputs outside loopback: a connected terminal (CTS, DSR and DCD asserted, no ring).</summary>
    private const byte ConnectedInputs = MsrCts | MsrDsr | MsrDcd;

    private static readonly int[] TriggerLevels = [1, 4, 8, 14];

    private int RxTriggerLevel => FifoEnabled ? TriggerLevels[_fcr >> 6] : 1;

    /// <summary>The highest-priority pending interrupt (datasheet Table IV), without FIFO bits.</summary>
    private byte InterruptId()
    {
        if ((_ier & IerLineStatus) != 0 && _overrun) return IirLineStatus;
        if ((_ier & IerRxData) != 0)
        {
            if (_timeoutInterrupt && _rx.Count > 0) return IirRxTimeout;
            if (_rx.Count >= RxTriggerLevel) return IirRxData;
        }
        if ((_ier & IerThrEmpty) != 0 && _thrInterrupt) return IirThrEmpty;
        if ((_ier & IerModemStatus) != 0 && (_modemStatus & 0x0F) != 0) return IirModemStatus;
        return IirNoInterrupt;
    }

    private byte ReadIir()
    {
        byte id = InterruptId();
        if (id == IirThrEmpty) _thrInterrupt = false; // "reading the IIR (if source of interrupt)" clears THRE
        return (byte)(id | (FifoEnabled ? IirFifosEnabled : 0));
    }

    private byte ReadRbr()
    {
        byte b = _rx.Pop();
        _timeoutInterrupt = false;
        _rxActivity = true;
        return b;
    }

    private byte ReadLsr()
    {
        byte lsr = LsrThrEmpty | LsrTransmitterEmpty;
        if (_rx.Count > 0) lsr |= LsrDataReady;
        if (_overrun) lsr |= LsrOverrun;
        _overrun = false; // error bits clear when the LSR is read
        return lsr;
    }

    private byte ReadMsr()
    {
        byte msr = _modemStatus;
        _modemStatus &= 0xF0; // delta bits clear when the MSR is read
        return msr;
    }

    private void WriteThr(byte value)
    {
        _thrInterrupt = false;
        if ((_mcr & McrLoop) != 0) Receive(value);
        else _transmit(value);
        _thrInterrupt = true; // the byte left at once: THR is empty again
    }

    /// <summary>A character arrives from the serial input (here: looped back) into the RX FIFO.</summary>
    private void Receive(byte value)
    {
        _rxActivity = true;
        if (_rx.TryPush(value)) return;
        _overrun = true; // FIFO mode: the new character is lost; 16450 mode: it replaces the RBR
        if (!FifoEnabled) _rx.ReplaceNewest(value);
    }

    private void WriteIer(byte value)
    {
        byte old = _ier;
        _ier = (byte)(value & 0x0F);
        if ((old & IerThrEmpty) == 0 && (_ier & IerThrEmpty) != 0) _thrInterrupt = true; // THR is always empty
    }

    private void WriteFcr(byte value)
    {
        bool enable = (value & FcrEnable) != 0;
        if (enable != FifoEnabled) _rx.Clear(); // changing FCR0 clears both FIFOs
        if (enable && (value & FcrClearRx) != 0) _rx.Clear();
        if (_rx.Count == 0) _timeoutInterrupt = false;
        // FCR0 must be set for the other bits to be programmed; the TX FIFO is always empty here.
        _fcr = enable ? (byte)(value & FcrKeptBits) : (byte)0;
        _rx.Capacity = enable ? Uart16550Fifo.Depth : 1;
    }

    private void WriteMcr(byte value)
    {
        _mcr = (byte)(value & 0x1F);
        UpdateModemLines();
    }

    /// <summary>
    /// Recomputes MSR bits 4-7: the external inputs, or in loopback DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD;
    /// sets the delta bits for changed lines and TERI for a 1→0 change of RI.
    /// </summary>
    private void UpdateModemLines()
    {
        byte lines = (_mcr & McrLoop) == 0 ? ConnectedInputs : LoopedBackLines(_mcr);
        byte old = _modemStatus;
        byte changed = (byte)((old ^ lines) & 0xF0);
        byte delta = (byte)(old & 0x0F);
        if ((changed & MsrCts) != 0) delta |= MsrDeltaCts;
        if ((changed & MsrDsr) != 0) delta |= MsrDeltaDsr;
        if ((changed & MsrDcd) != 0) delta |= MsrDeltaDcd;
        if ((old & MsrRi) != 0 && (lines & MsrRi) == 0) delta |= MsrTrailingRi;
        _modemStatus = (byte)(lines | delta);
    }

    private static byte LoopedBackLines(byte mcr)
    {
        byte lines = 0;
        if ((mcr & McrDtr) != 0) lines |= MsrDsr;
        if ((mcr & McrRts) != 0) lines |= MsrCts;
        if ((mcr & McrOut1) != 0) lines |= MsrRi;
        if ((mcr & McrOut2) != 0) lines |= MsrDcd;
        return lines;
    }
}
