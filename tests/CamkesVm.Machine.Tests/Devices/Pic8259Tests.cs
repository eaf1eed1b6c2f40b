using CamkesVm.Machine.Devices;

namespace CamkesVm.Machine.Tests.Devices;

/// <summary>Behaviour from the Intel 8259A datasheet, driven with the sequences Linux's i8259.c writes.</summary>
public class Pic8259Tests
{
    private readonly Pic8259 _pic = new();

    private void Out(int port, byte value)
    {
        if (port is 0x4D0 or 0x4D1) _pic.Elcr.Write((uint)(port - 0x4D0), value, 1);
        else (port < 0xA0 ? _pic.Master : _pic.Slave).Write((uint)(port & 1), value, 1);
    }

    private byte In(int port) => (byte)(port < 0xA0 ? _pic.Master : _pic.Slave).Read((uint)(port & 1), 1);

    /// <summary>init_8259A(auto_eoi) of arch/x86/kernel/i8259.c, then every IRQ unmasked.</summary>
    private void InitLikeLinux(bool autoEoi = false)
    {
        Out(0x21, 0xFF); Out(0xA1, 0xFF);
        Out(0x20, 0x11); Out(0x21, 0x30); Out(0x21, 0x04); Out(0x21, (byte)(autoEoi ? 0x03 : 0x01));
        Out(0xA0, 0x11); Out(0xA1, 0x38); Out(0xA1, 0x02); Out(0xA1, 0x01);
        Out(0x21, 0x00); Out(0xA1, 0x00);
    }

    private byte ReadIsr(int cmdPort)
    {
        Out(cmdPort, 0x0B);
        byte isr = In(cmdPort);
        Out(cmdPort, 0x0A);
        return isr;
    }

    [Fact]
    public void Probe_value_reads_back_from_the_mask_register()
    {
        Out(0xA1, 0xFF);
        Out(0x21, 0xA5);
        Assert.Equal(0xA5, In(0x21));
        Assert.Equal(0xFF, In(0xA1));
    }

    [Fact]
    public void Edge_irq0_is_acknowledged_at_icw2_base_and_cleared_by_specific_eoi()
    {
        InitLikeLinux();
        _pic.SetIrq(0, true);
        Assert.True(_pic.Output);
        Assert.Equal(0x01, In(0x20)); // IRR is read by default after ICW1
        Assert.Equal(0x30, _pic.Acknowledge());
        Assert.False(_pic.Output);
        Assert.Equal(0x00, _pic.Master.Irr);
        Assert.Equal(0x01, ReadIsr(0x20));
        Out(0x20, 0x60);
        Assert.Equal(0x00, ReadIsr(0x20));
    }

    [Fact]
    public void Edge_input_must_fall_before_it_requests_again()
    {
        InitLikeLinux();
        _pic.SetIrq(4, true);
        _pic.Acknowledge();
        Out(0x20, 0x20);
        _pic.SetIrq(4, true);
        Assert.False(_pic.Output);
        _pic.SetIrq(4, false);
        _pic.SetIrq(4, true);
        Assert.True(_pic.Output);
    }

    [Fact]
    public void Fully_nested_mode_blocks_lower_and_equal_priorities_while_in_service()
    {
        InitLikeLinux();
        _pic.SetIrq(3, true);
        Assert.Equal(0x33, _pic.Acknowledge());
        _pic.SetIrq(5, true);
        Assert.False(_pic.Output);
        _pic.SetIrq(1, true);
        Assert.True(_pic.Output);
        Assert.Equal(0x31, _pic.Acknowledge());
        Out(0x20, 0x20); // non-specific EOI ends IRQ1, the highest in service
        Assert.Equal(0x08, ReadIsr(0x20));
        Out(0x20, 0x20);
        Assert.Equal(0x35, _pic.Acknowledge());
    }

    [Fact]
    public void Slave_irq_cascades_through_master_ir2()
    {
        InitLikeLinux();
        _pic.SetIrq(12, true);
        Assert.True(_pic.Output);
        Assert.Equal(0x3C, _pic.Acknowledge());
        Assert.Equal(0x04, ReadIsr(0x20));
        Assert.Equal(0x10, ReadIsr(0xA0));
        Out(0xA0, 0x64); // mask_and_ack_8259A: specific EOI to the slave, then to the cascade input
        Out(0x20, 0x62);
        Assert.Equal(0, ReadIsr(0x20) | ReadIsr(0xA0));
    }

    [Fact]
    public void Masked_request_stays_in_irr_without_raising_int()
    {
        InitLikeLinux();
        Out(0x21, 0x40);
        _pic.SetIrq(6, true);
        Assert.False(_pic.Output);
        Assert.Equal(0x40, In(0x20));
        Out(0x21, 0x00);
        Assert.True(_pic.Output);
    }

    [Fact]
    public void Request_withdrawn_before_inta_gives_spurious_irq7_without_isr()
    {
        InitLikeLinux();
        Out(0x4D0, 0x20); // IRQ5 level-sensitive
        _pic.SetIrq(5, true);
        Assert.True(_pic.Output);
        _pic.SetIrq(5, false);
        Assert.Equal(0x37, _pic.Acknowledge());
        Assert.Equal(0, ReadIsr(0x20));
    }

    [Fact]
    public void Spurious_slave_interrupt_is_irq15_and_leaves_master_cascade_in_service()
    {
        InitLikeLinux();
        Out(0x4D1, 0x08); // IRQ11 level-sensitive
        _pic.SetIrq(11, true);
        Assert.True(_pic.Output);
        // The master has latched IR2 on the edge; the slave request goes away before INTA.
        _pic.Master.SetInput(2, true);
        _pic.SetIrq(11, false);
        Assert.Equal(0x3F, _pic.Acknowledge());
        Assert.Equal(0x04, ReadIsr(0x20));
        Assert.Equal(0x00, ReadIsr(0xA0));
    }

    [Fact]
    public void Level_input_requests_again_after_eoi_while_still_asserted()
    {
        InitLikeLinux();
        Out(0x4D1, 0x04); // IRQ10
        _pic.SetIrq(10, true);
        Assert.Equal(0x3A, _pic.Acknowledge());
        Out(0xA1, 0x04); Out(0xA0, 0x62); Out(0x20, 0x62); // mask_and_ack_8259A
        Assert.False(_pic.Output);
        Out(0xA1, 0x00); // handler done but the device still asserts
        Assert.True(_pic.Output);
        Assert.Equal(0x3A, _pic.Acknowledge());
        Out(0xA1, 0x04); Out(0xA0, 0x62); Out(0x20, 0x62);
        _pic.SetIrq(10, false); // this time the device is serviced
        Out(0xA1, 0x00);
        Assert.False(_pic.Output);
        Assert.Equal(0, _pic.Slave.Irr);
    }

    [Fact]
    public void Elcr_bits_of_irq_0_1_2_8_13_are_reserved_zero()
    {
        Out(0x4D0, 0xFF); Out(0x4D1, 0xFF);
        Assert.Equal(0xF8u, _pic.Elcr.Read(0, 1));
        Assert.Equal(0xDEu, _pic.Elcr.Read(1, 1));
    }

    [Fact]
    public void Automatic_eoi_leaves_nothing_in_service()
    {
        InitLikeLinux(autoEoi: true);
        _pic.SetIrq(1, true);
        Assert.Equal(0x31, _pic.Acknowledge());
        Assert.Equal(0, ReadIsr(0x20));
    }

    [Fact]
    public void Set_priority_command_makes_the_next_input_highest()
    {
        InitLikeLinux();
        Out(0x20, 0xC4); // OCW2 set priority: IR4 lowest, IR5 highest
        _pic.SetIrq(3, true);
        _pic.SetIrq(6, true);
        Assert.Equal(0x36, _pic.Acknowledge());
    }

    [Fact]
    public void Rotate_on_non_specific_eoi_makes_the_serviced_input_lowest()
    {
        InitLikeLinux();
        _pic.SetIrq(1, true);
        Assert.Equal(0x31, _pic.Acknowledge());
        Out(0x20, 0xA0);
        _pic.SetIrq(1, false); _pic.SetIrq(1, true);
        _pic.SetIrq(7, true);
        Assert.Equal(0x37, _pic.Acknowledge()); // IR2..IR7 now outrank IR1
    }

    [Fact]
    public void Special_mask_mode_lets_lower_priorities_through_a_masked_in_service_level()
    {
        InitLikeLinux();
        _pic.SetIrq(3, true);
        _pic.Acknowledge();
        Out(0x21, 0x08);
        Out(0x20, 0x68); // OCW3: set special mask
        _pic.SetIrq(5, true);
        Assert.Equal(0x35, _pic.Acknowledge());
        Out(0x20, 0x48); // reset special mask
        Assert.Equal(0x28, ReadIsr(0x20));
    }

    [Fact]
    public void Poll_command_returns_the_request_and_services_it()
    {
        InitLikeLinux();
        _pic.SetIrq(6, true);
        Out(0x20, 0x0C);
        Assert.Equal(0x86, In(0x20));
        Assert.Equal(0x40, ReadIsr(0x20));
        Out(0x20, 0x0C);
        Assert.Equal(0x00, In(0x20));
    }

    [Fact]
    public void No_interrupt_is_signalled_before_initialisation_completes()
    {
        Out(0x20, 0x11);
        _pic.SetIrq(1, true);
        Assert.False(_pic.Output);
        Out(0x21, 0x30); Out(0x21, 0x04); Out(0x21, 0x01);
        Assert.True(_pic.Output);
    }
}
