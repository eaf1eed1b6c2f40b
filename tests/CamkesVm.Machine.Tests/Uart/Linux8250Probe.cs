using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Tests.Uart;

/// <summary>
/// The register sequences of Linux's 8250 driver (drivers/tty/serial/8250/8250_port.c: autoconfig(),
/// autoconfig_16550a(), size_fifo() and the THRE checks of serial8250_do_startup()), replayed against a
/// device so the tests see what the guest driver would conclude. The 16550A variant probing is the full one
/// (CONFIG_SERIAL_8250_16550A_VARIANTS, the default before Linux 5.6 and off x86), a superset of 6.1 on x86.
/// </summary>
internal sealed class Linux8250Probe(IBusDevice uart)
{
    private const int Rx = 0, Ier = 1, Iir = 2, Fcr = 2, Efr = 2, Lcr = 3, Mcr = 4, Lsr = 5, Msr = 6, Scr = 7;

    private byte In(int reg) => (byte)uart.Read((uint)reg, 1);
    private void Out(int reg, int value) => uart.Write((uint)reg, (uint)value & 0xFF, 1);

    /// <summary>autoconfig(): the detected port type, or a string naming the failed test.</summary>
    public string Autoconfig()
    {
        int scratch = In(Ier);
        Out(Ier, 0);
        int scratch2 = In(Ier) & 0x0F;
        Out(Ier, 0x0F);
        int scratch3 = In(Ier) & 0x0F;
        Out(Ier, scratch);
        if (scratch2 != 0 || scratch3 != 0x0F) return "IER test failed";

        int saveMcr = In(Mcr), saveLcr = In(Lcr);
        Out(Mcr, 0x10 | 0x0A);
        int status1 = In(Msr) & 0xF0;
        Out(Mcr, saveMcr);
        if (status1 != 0x90) return "LOOP test failed";

        Out(Lcr, 0xBF);
        Out(Efr, 0);
        Out(Lcr, 0);
        Out(Fcr, 0x01);
        string type = (In(Iir) >> 6) switch
        {
            0 => Autoconfig8250(),
            1 => "unknown",
            2 => "16550",
            _ => Autoconfig16550A(),
        };
        Out(Lcr, saveLcr);
        Out(Mcr, saveMcr);
        Out(Fcr, 0x01); // serial8250_clear_fifos
        Out(Fcr, 0x07);
        Out(Fcr, 0);
        In(Rx);
        Out(Ier, 0);
        return type;
    }

    private string Autoconfig8250()
    {
        Out(Scr, 0xA5);
        int s1 = In(Scr);
        Out(Scr, 0x5A);
        int s2 = In(Scr);
        return s1 == 0xA5 && s2 == 0x5A ? "16450" : "8250";
    }

    private string Autoconfig16550A()
    {
        Out(Lcr, 0x80);
        if (In(Efr) == 0) return "16650 (EFR with DLAB)";
        Out(Lcr, 0xBF);
        if (In(Efr) == 0) return "16650V2 (EFR)";

        Out(Lcr, 0);
        int status1 = In(Mcr);
        Out(Lcr, 0xE0);
        int status2 = In(2);
        if (((status2 ^ status1) & 0x10) == 0)
        {
            Out(Lcr, 0);
            Out(Mcr, status1 ^ 0x10);
            Out(Lcr, 0xE0);
            status2 = In(2);
            Out(Lcr, 0);
            Out(Mcr, status1);
            if (((status2 ^ status1) & 0x10) != 0) return "NS16550A";
        }

        Out(Lcr, 0);
        Out(Fcr, 0x01 | 0x20);
        status1 = In(Iir) & 0xE0;
        Out(Fcr, 0x01);
        Out(Lcr, 0x80);
        Out(Fcr, 0x01 | 0x20);
        status2 = In(Iir) & 0xE0;
        Out(Fcr, 0x01);
        Out(Lcr, 0);
        if (status1 == 0xC0 && status2 == 0xE0) return "16750";

        int ierSave = In(Ier);
        Out(Ier, ierSave & ~0x40);
        if ((In(Ier) & 0x40) == 0)
        {
            Out(Ier, ierSave | 0x40);
            if ((In(Ier) & 0x40) != 0) return "XScale";
        }
        Out(Ier, ierSave);
        return SizeFifo() == 64 ? "U6_16550A" : "16550A";
    }

    /// <summary>size_fifo(): loop 256 bytes back and count how many the receiver kept.</summary>
    public int SizeFifo()
    {
        int oldLcr = In(Lcr);
        Out(Lcr, 0);
        int oldFcr = In(Fcr);
        int oldMcr = In(Mcr);
        Out(Fcr, 0x07);
        Out(Mcr, 0x10);
        Out(Lcr, 0x80);
        int oldDl = In(0) | In(1) << 8;
        Out(0, 1);
        Out(1, 0);
        Out(Lcr, 0x03);
        for (int i = 0; i < 256; i++) Out(Rx, i);
        int count = 0;
        while ((In(Lsr) & 0x01) != 0 && count < 256)
        {
            In(Rx);
            count++;
        }
        Out(Fcr, oldFcr);
        Out(Mcr, oldMcr);
        Out(Lcr, 0x80);
        Out(0, oldDl & 0xFF);
        Out(1, oldDl >> 8);
        Out(Lcr, oldLcr);
        return count;
    }

    /// <summary>The UART_BUG_THRE test: true when THRE is not re-asserted after IER.THRI is toggled.</summary>
    public bool HasThreBug()
    {
        Out(Ier, 0x02);
        int iir1 = In(Iir);
        Out(Ier, 0);
        Out(Ier, 0x02);
        int iir = In(Iir);
        Out(Ier, 0);
        return (iir1 & 0x01) == 0 && (iir & 0x01) != 0;
    }

    /// <summary>The UART_BUG_TXEN test: true when enabling THRI with an empty transmitter gives no interrupt.</summary>
    public bool HasTxenBug()
    {
        Out(Ier, 0x02);
        int lsr = In(Lsr);
        int iir = In(Iir);
        Out(Ier, 0);
        return (lsr & 0x40) != 0 && (iir & 0x01) != 0;
    }
}
