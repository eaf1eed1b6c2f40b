using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Tests.Platform;

namespace CamkesVm.Machine.Tests.Uart;

/// <summary>Expectations from the PC16550D datasheet and from what Linux's 8250 driver checks.</summary>
public class Uart16550Tests
{
    private const uint Rbr = 0, Ier = 1, Iir = 2, Fcr = 2, Lcr = 3, Mcr = 4, Lsr = 5, Msr = 6, Scr = 7;

    private readonly RecordingLine _irq = new();
    private readonly List<byte> _sent = [];
    private readonly Uart16550 _uart;

    public Uart16550Tests() => _uart = new Uart16550(_irq, _sent.Add);

    private byte In(uint reg) => (byte)_uart.Read(reg, 1);
    private void Out(uint reg, int value) => _uart.Write(reg, (uint)value, 1);

    [Fact]
    public void Reset_state_matches_the_datasheet_table()
    {
        Assert.Equal(0x00, In(Ier));
        Assert.Equal(0x01, In(Iir));
        Assert.Equal(0x00, In(Lcr));
        Assert.Equal(0x00, In(Mcr));
        Assert.Equal(0x60, In(Lsr));
        Assert.Equal(0xB0, In(Msr)); // CTS, DSR, DCD from a connected terminal, no deltas
    }

    [Fact]
    public void Linux_autoconfig_detects_a_16550A_and_leaves_the_port_reset()
    {
        var probe = new Linux8250Probe(_uart);
        Assert.Equal("16550A", probe.Autoconfig());
        Assert.Empty(_sent); // the FIFO-size probe loops back, nothing goes out
        Assert.Equal(0x01, In(Iir));
        Assert.Equal(0x60, In(Lsr));
    }

    [Fact]
    public void Linux_size_fifo_counts_sixteen_bytes()
    {
        Assert.Equal(16, new Linux8250Probe(_uart).SizeFifo());
    }

    [Fact]
    public void Linux_startup_finds_neither_the_THRE_nor_the_TXEN_bug()
    {
        var probe = new Linux8250Probe(_uart);
        Assert.False(probe.HasThreBug());
        Assert.False(probe.HasTxenBug());
    }

    [Fact]
    public void Scratch_register_holds_any_value()
    {
        Out(Scr, 0xA5);
        Assert.Equal(0xA5, In(Scr));
        Out(Scr, 0x5A);
        Assert.Equal(0x5A, In(Scr));
    }

    [Fact]
    public void Ier_keeps_only_its_four_enable_bits()
    {
        Out(Ier, 0xFF);
        Assert.Equal(0x0F, In(Ier));
    }

    [Fact]
    public void Dlab_switches_offsets_0_and_1_to_the_divisor_latch()
    {
        Out(Ier, 0x05);
        Out(Lcr, 0x83);
        Out(0, 0x01);
        Out(1, 0x00);
        Assert.Equal(0x01, In(0));
        Out(Lcr, 0x03);
        Assert.Equal(1, _uart.Divisor);
        Assert.Equal(0x05, In(Ier)); // IER untouched by the divisor writes
        Assert.Empty(_sent);         // nor did the DLL write transmit
    }

    [Fact]
    public void Thr_write_transmits_immediately_and_leaves_the_transmitter_empty()
    {
        Out(Rbr, 'h');
        Out(Rbr, 'i');
        Assert.Equal("hi"u8.ToArray(), _sent);
        Assert.Equal(0x60, In(Lsr) & 0x60);
    }

    [Fact]
    public void Loopback_echoes_transmitted_bytes_into_the_receiver()
    {
        Out(Mcr, 0x10);
        Out(Rbr, 0x42);
        Assert.Empty(_sent);
        Assert.Equal(0x61, In(Lsr));
        Assert.Equal(0x42, In(Rbr));
        Assert.Equal(0x60, In(Lsr));
    }

    [Fact]
    public void Loopback_maps_modem_outputs_to_inputs_with_delta_bits()
    {
        In(Msr);
        Out(Mcr, 0x10 | 0x01 | 0x02); // loop, DTR, RTS
        // DTR->DSR, RTS->CTS stay asserted; DCD drops (OUT2 clear) so DDCD is set.
        Assert.Equal(0x30 | 0x08, In(Msr));
        Out(Mcr, 0x10 | 0x04); // OUT1 -> RI; DTR, RTS dropped
        Assert.Equal(0x40 | 0x01 | 0x02, In(Msr));
        Out(Mcr, 0x10); // RI falls: trailing-edge RI
        Assert.Equal(0x04, In(Msr));
        Assert.Equal(0x00, In(Msr)); // reading cleared the deltas
    }

    [Fact]
    public void Fifo_enable_shows_in_iir_bits_6_and_7()
    {
        Out(Fcr, 0x01);
        Assert.Equal(0xC1, In(Iir));
        Out(Fcr, 0x00);
        Assert.Equal(0x01, In(Iir));
    }

    [Theory]
    [InlineData(0x00, 1)]
    [InlineData(0x40, 4)]
    [InlineData(0x80, 8)]
    [InlineData(0xC0, 14)]
    public void Rx_data_interrupt_comes_at_the_trigger_level(int triggerBits, int level)
    {
        Out(Fcr, 0x01 | triggerBits);
        Out(Ier, 0x01);
        Out(Mcr, 0x10);
        for (int i = 0; i < level - 1; i++) Out(Rbr, i);
        Assert.Equal(0xC1, In(Iir));
        Out(Rbr, 0xAA);
        Assert.Equal(0xC4, In(Iir));
    }

    [Fact]
    public void Rx_data_interrupt_clears_when_the_fifo_drops_below_the_trigger_level()
    {
        Out(Fcr, 0x41); // trigger 4
        Out(Ier, 0x01);
        Out(Mcr, 0x10);
        for (int i = 0; i < 4; i++) Out(Rbr, i);
        Assert.Equal(0xC4, In(Iir));
        Assert.Equal(0, In(Rbr));
        Assert.Equal(0xC1, In(Iir));
        Assert.Equal(0x01, In(Lsr) & 0x01); // data still ready below the trigger level
    }

    [Fact]
    public void Fifo_overrun_keeps_sixteen_bytes_and_raises_a_line_status_interrupt_first()
    {
        Out(Fcr, 0x01);
        Out(Ier, 0x05);
        Out(Mcr, 0x10);
        for (int i = 0; i < 17; i++) Out(Rbr, i);
        Assert.Equal(0xC6, In(Iir)); // line status outranks received data
        Assert.Equal(0x63, In(Lsr)); // DR | OE
        Assert.Equal(0xC4, In(Iir)); // reading LSR cleared OE
        for (int i = 0; i < 16; i++) Assert.Equal(i, In(Rbr));
        Assert.Equal(0x60, In(Lsr));
    }

    [Fact]
    public void Without_fifo_a_second_character_overwrites_the_first_and_sets_overrun()
    {
        Out(Mcr, 0x10);
        Out(Rbr, 1);
        Out(Rbr, 2);
        Assert.Equal(0x63, In(Lsr));
        Assert.Equal(2, In(Rbr));
    }

    [Fact]
    public void Fcr_rx_reset_empties_the_receiver()
    {
        Out(Fcr, 0x01);
        Out(Mcr, 0x10);
        Out(Rbr, 1);
        Out(Fcr, 0x03);
        Assert.Equal(0x60, In(Lsr));
    }

    [Fact]
    public void Service_fills_the_fifo_without_losing_input()
    {
        Out(Fcr, 0x01);
        var input = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        _uart.EnqueueInput(input);
        var got = new List<byte>();
        for (int slice = 0; slice < 3; slice++)
        {
            _uart.Service();
            int n = 0;
            while ((In(Lsr) & 0x01) != 0) { got.Add(In(Rbr)); n++; }
            Assert.True(n <= 16, $"slice {slice} delivered {n} bytes, more than the FIFO holds");
        }
        Assert.Equal(input, got);
        Assert.Equal(0x60, In(Lsr) & 0x63); // no overrun
    }

    [Fact]
    public void Service_in_16450_mode_delivers_one_byte_per_read()
    {
        _uart.EnqueueInput("ab"u8);
        _uart.Service();
        Assert.Equal((byte)'a', In(Rbr));
        Assert.Equal(0x60, In(Lsr));
        _uart.Service();
        Assert.Equal((byte)'b', In(Rbr));
    }

    [Fact]
    public void Input_waits_while_in_loopback()
    {
        _uart.EnqueueInput("x"u8);
        Out(Mcr, 0x10);
        _uart.Service();
        Assert.Equal(0x60, In(Lsr));
        Out(Mcr, 0x00);
        _uart.Service();
        Assert.Equal((byte)'x', In(Rbr));
    }

    [Fact]
    public void Rx_timeout_fires_after_an_idle_slice_below_the_trigger_level()
    {
        Out(Fcr, 0x81); // trigger 8
        Out(Ier, 0x01);
        Out(Mcr, 0x08);
        _uart.EnqueueInput("abc"u8);
        _uart.Service();
        Assert.Equal(0xC1, In(Iir)); // 3 bytes, below trigger, just arrived
        Assert.False(_irq.Level);
        _uart.Service();             // a slice with no activity
        Assert.Equal(0xCC, In(Iir));
        Assert.True(_irq.Level);
        Assert.Equal((byte)'a', In(Rbr));  // a read clears the timeout indication
        Assert.Equal(0xC1, In(Iir));
        Assert.False(_irq.Level);
    }

    [Fact]
    public void Thre_interrupt_on_enabling_etbei_clears_on_iir_read_and_rearms_after_thr_write()
    {
        Out(Mcr, 0x08); // OUT2: IRQ output enabled
        Out(Ier, 0x02);
        Assert.True(_irq.Level);
        Assert.Equal(0x02, In(Iir));
        Assert.False(_irq.Level);
        Assert.Equal(0x01, In(Iir));
        Out(Rbr, 'x');
        Assert.True(_irq.Level);
        Assert.Equal(0x02, In(Iir));
    }

    [Fact]
    public void Irq_output_is_gated_by_out2_and_off_in_loopback()
    {
        Out(Ier, 0x02);
        Assert.False(_irq.Level);    // interrupt pending but OUT2 clear
        Assert.Equal(0x02, In(Iir) & 0x0F);
        Out(Ier, 0x00);
        Out(Mcr, 0x18);              // OUT2 set but loopback forces the output pins inactive
        Out(Ier, 0x02);
        Assert.False(_irq.Level);
        Out(Mcr, 0x08);
        Assert.True(_irq.Level);
    }

    [Fact]
    public void Modem_status_interrupt_has_the_lowest_priority()
    {
        Out(Mcr, 0x10 | 0x08 | 0x02);
        Out(Ier, 0x08 | 0x02);
        Assert.Equal(0x02, In(Iir)); // THRE first
        Assert.Equal(0x00, In(Iir)); // then modem status
        In(Msr);
        Assert.Equal(0x01, In(Iir));
    }

    [Fact]
    public void Enqueue_from_other_threads_loses_nothing()
    {
        Out(Fcr, 0x01);
        var counts = new int[4];
        int count = 0;
        var writers = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 250; i++) _uart.EnqueueInput([(byte)t]);
        })).ToArray();
        foreach (var w in writers) w.Start();
        bool writing = true;
        while (count < 1000 && writing)
        {
            writing = writers.Any(w => w.IsAlive);
            _uart.Service(); // the machine thread drains while the writers still run
            for (int drained = 0; drained < 1000 && (In(Lsr) & 0x01) != 0; drained++) { counts[In(Rbr)]++; count++; }
        }
        for (int slice = 0; slice < 100 && count < 1000; slice++)
        {
            _uart.Service();
            while ((In(Lsr) & 0x01) != 0) { counts[In(Rbr)]++; count++; }
        }
        Assert.Equal([250, 250, 250, 250], counts);
    }
}
