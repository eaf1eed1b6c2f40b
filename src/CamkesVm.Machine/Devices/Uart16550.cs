using System.Collections.Concurrent;
using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Interrupts;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// A National/TI PC16550D UART as wired on a PC COM port (8 registers at 0x3F8/0x2F8, IRQ 4/3).
/// Follows the PC16550D datasheet: register map and DLAB (Table II), interrupt identification and priorities
/// (Table IV), FIFO control with 16-byte FIFOs and receiver trigger levels, line status, modem status with
/// delta bits, loopback (MCR4), and the PC convention that the IRQ output is enabled by OUT2 (MCR3).
/// <para>
/// Transmission is instantaneous: a THR write hands the byte to the host at once, so THR and the transmitter
/// are always empty (LSR THRE = TEMT = 1) and the THRE interrupt is re-armed right after each write. Enabling
/// ETBEI while THR is empty arms the THRE interrupt, as the 8250 family does and Linux's 8250 driver tests
/// at start-up (QEMU's serial model does the same on the rising edge of IER.ETBEI).
/// </para>
/// <para>
/// Receive timeout (datasheet: no character in or out of the RX FIFO for 4 character times) is simplified to
/// time slices: it is indicated at a <see cref="Service"/> call that finds bytes in the RX FIFO and no receive
/// or read activity since the previous call.
/// </para>
/// </summary>
public sealed partial class Uart16550 : ByteWideDevice
{
    private readonly IInterruptLine _irq;
    private readonly Action<byte> _transmit;
    private readonly ConcurrentQueue<byte> _input = new();
    private readonly Uart16550Fifo _rx = new();

    private byte _ier, _lcr, _mcr, _scr, _fcr;
    private byte _dll = 0x0C, _dlm; // 9600 baud from a 1.8432 MHz clock; the datasheet leaves it undefined
    private bool _overrun, _thrInterrupt, _timeoutInterrupt, _rxActivity, _irqLevel;
    private byte _modemStatus; // MSR: delta bits 0-3, line states 4-7

    /// <summary>Creates the UART; <paramref name="transmit"/> receives every byte the guest sends.</summary>
    public Uart16550(IInterruptLine irq, Action<byte> transmit)
    {
        _irq = irq ?? throw new ArgumentNullException(nameof(irq));
        _transmit = transmit ?? throw new ArgumentNullException(nameof(transmit));
        _modemStatus = ConnectedInputs;
    }

    /// <summary>The baud-rate divisor latch (DLM:DLL) the guest programmed.</summary>
    public ushort Divisor => (ushort)(_dlm << 8 | _dll);

    /// <summary>The line control register (word length, stop bits, parity, break, DLAB).</summary>
    public byte LineControl => _lcr;

    /// <summary>True while the IRQ output is asserted.</summary>
    public bool InterruptAsserted => _irqLevel;

    /// <summary>Queues bytes typed by the host for the guest. Thread-safe; <see cref="Service"/> delivers them.</summary>
    public void EnqueueInput(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) _input.Enqueue(b);
    }

    /// <summary>
    /// Called on the machine thread once per time slice: moves queued input into the RX FIFO as far as it has
    /// room (nothing is dropped; the rest waits), decides the receive timeout, and updates the IRQ.
    /// </summary>
    public void Service()
    {
        if ((_mcr & McrLoop) == 0)
            while (!_rx.IsFull && _input.TryDequeue(out byte b))
            {
                _rx.TryPush(b);
                _rxActivity = true;
            }
        if (_rx.Count > 0 && FifoEnabled && !_rxActivity) _timeoutInterrupt = true;
        _rxActivity = false;
        UpdateIrq();
    }

    /// <inheritdoc/>
    protected override byte ReadByte(uint offset)
    {
        byte value = offset switch
        {
            0 => Dlab ? _dll : ReadRbr(),
            1 => Dlab ? _dlm : _ier,
            2 => ReadIir(),
            3 => _lcr,
            4 => _mcr,
            5 => ReadLsr(),
            6 => ReadMsr(),
            7 => _scr,
            _ => 0xFF,
        };
        UpdateIrq();
        return value;
    }

    /// <inheritdoc/>
    protected override void WriteByte(uint offset, byte value)
    {
        switch (offset)
        {
            case 0 when Dlab: _dll = value; break;
            case 0: WriteThr(value); break;
            case 1 when Dlab: _dlm = value; break;
            case 1: WriteIer(value); break;
            case 2: WriteFcr(value); break;
            case 3: _lcr = value; break;
            case 4: WriteMcr(value); break;
            case 7: _scr = value; break;
            // LSR and MSR writes are factory-test only (datasheet); ignored.
        }
        UpdateIrq();
    }

    private bool Dlab => (_lcr & LcrDlab) != 0;

    private bool FifoEnabled => (_fcr & FcrEnable) != 0;

    private void UpdateIrq()
    {
        bool level = (InterruptId() & IirNoInterrupt) == 0 && (_mcr & (McrOut2 | McrLoop)) == McrOut2;
        if (level == _irqLevel) return;
        _irqLevel = level;
        _irq.Set(level);
    }
}
