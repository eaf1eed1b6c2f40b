using CamkesVm.Machine.Devices;

namespace CamkesVm.Machine.Tests.Devices;

/// <summary>Behaviour from the Intel SDM Vol. 3A chapter 11 (APIC).</summary>
public class LocalApicTests
{
    private readonly VirtualTime _time = new();
    private readonly List<string> _log = [];
    private readonly LocalApic _apic;

    public LocalApicTests() => _apic = new LocalApic(_time.Clock, _log.Add);

    private uint R(uint reg) => _apic.Read(reg, 4);

    private void W(uint reg, uint value) => _apic.Write(reg, value, 4);

    private void Enable() => W(0xF0, 0x1FF);

    [Fact]
    public void Reset_state_is_software_disabled_with_masked_lvts()
    {
        Assert.Equal(0x0005_0014u, R(0x30));
        Assert.Equal(0xFFu, R(0xF0));
        Assert.Equal(0xFFFF_FFFFu, R(0xE0));
        Assert.Equal(0u, R(0x20));
        for (uint lvt = 0x320; lvt <= 0x370; lvt += 0x10) Assert.Equal(0x0001_0000u, R(lvt));
        Assert.False(_apic.SoftwareEnabled);
    }

    [Fact]
    public void Lvt_mask_cannot_be_cleared_while_software_disabled_and_disabling_masks_all()
    {
        W(0x350, 0x700);
        Assert.Equal(0x0001_0700u, R(0x350));
        Enable();
        W(0x350, 0x700);
        W(0x360, 0x400);
        Assert.Equal(0x700u, R(0x350));
        Assert.True(_apic.Lint0ExtInt);
        W(0xF0, 0xFF);
        Assert.Equal(0x0001_0400u, R(0x360));
        Assert.False(_apic.Lint0ExtInt);
    }

    [Fact]
    public void Highest_vector_is_delivered_and_blocks_its_priority_class_until_eoi()
    {
        Enable();
        _apic.AcceptInterrupt(0x31, false);
        _apic.AcceptInterrupt(0x51, false);
        Assert.Equal(0x51, _apic.Acknowledge());
        Assert.Equal(0x50u, R(0xA0)); // PPR = ISRV class
        _apic.AcceptInterrupt(0x5F, false);
        Assert.False(_apic.HasDeliverable); // same class as the one in service
        W(0xB0, 0);
        Assert.Equal(0x5F, _apic.Acknowledge());
        W(0xB0, 0);
        Assert.Equal(0x31, _apic.Acknowledge());
    }

    [Fact]
    public void Task_priority_masks_classes_at_or_below_it_and_inta_then_gives_the_spurious_vector()
    {
        Enable();
        W(0x80, 0x30);
        _apic.AcceptInterrupt(0x3A, false);
        Assert.False(_apic.HasDeliverable);
        Assert.Equal(0xFF, _apic.Acknowledge());
        Assert.Equal(0x30u, R(0xA0));
        W(0x80, 0x20);
        Assert.True(_apic.HasDeliverable);
    }

    [Fact]
    public void Irr_isr_and_tmr_show_vectors_as_256_bit_registers()
    {
        Enable();
        _apic.AcceptInterrupt(0x41, true);
        Assert.Equal(0x2u, R(0x220)); // IRR bits 64-95
        Assert.Equal(0x2u, R(0x1A0)); // TMR bits 64-95
        _apic.Acknowledge();
        Assert.Equal(0u, R(0x220));
        Assert.Equal(0x2u, R(0x120)); // ISR bits 64-95
    }

    [Fact]
    public void Eoi_of_a_level_vector_is_broadcast_and_of_an_edge_vector_is_not()
    {
        Enable();
        var eois = new List<byte>();
        _apic.EoiBroadcast = eois.Add;
        _apic.AcceptInterrupt(0x41, true);
        _apic.Acknowledge();
        W(0xB0, 0);
        _apic.AcceptInterrupt(0x42, false);
        _apic.Acknowledge();
        W(0xB0, 0);
        Assert.Equal([0x41], eois);
    }

    [Theory]
    [InlineData(0x0u, 2)]
    [InlineData(0x1u, 4)]
    [InlineData(0x2u, 8)]
    [InlineData(0x3u, 16)]
    [InlineData(0x8u, 32)]
    [InlineData(0x9u, 64)]
    [InlineData(0xAu, 128)]
    [InlineData(0xBu, 1)]
    public void Divide_configuration_encodings(uint code, int divide)
    {
        W(0x3E0, code);
        Assert.Equal(divide, _apic.TimerDivide);
    }

    [Fact]
    public void One_shot_timer_fires_once_after_initial_count_times_divide_bus_clocks()
    {
        Enable();
        W(0x320, 0x40);
        W(0x3E0, 0x3); // divide by 16: 16 ns per count at 1 GHz
        W(0x380, 1000);
        _time.RunTo(8_000);
        Assert.Equal(500u, R(0x390));
        _time.RunTo(15_999);
        Assert.False(_apic.HasDeliverable);
        _time.RunTo(16_000);
        Assert.Equal(0x40, _apic.Acknowledge());
        W(0xB0, 0);
        Assert.Equal(0u, R(0x390));
        _time.RunTo(1_000_000);
        Assert.False(_apic.HasDeliverable);
    }

    [Fact]
    public void Periodic_timer_reloads_and_fires_every_period()
    {
        Enable();
        W(0x320, 0x2_00EF); // periodic, vector 0xEF (Linux's LOCAL_TIMER_VECTOR)
        W(0x3E0, 0xB);
        W(0x380, 4_000_000); // 4 ms at HZ=250
        int fired = 0;
        for (long t = 1_000_000; t <= 40_000_000; t += 1_000_000)
        {
            _time.RunTo(t);
            if (!_apic.HasDeliverable) continue;
            Assert.Equal(0xEF, _apic.Acknowledge());
            Assert.Equal(0, t % 4_000_000);
            W(0xB0, 0);
            fired++;
        }
        Assert.Equal(10, fired);
        _time.RunTo(41_000_000);
        Assert.Equal(3_000_000u, R(0x390));
    }

    [Fact]
    public void Masked_timer_counts_without_interrupting_and_zero_initial_count_stops_it()
    {
        Enable();
        W(0x320, 0x1_0040);
        W(0x3E0, 0xB);
        W(0x380, 100);
        _time.RunTo(50);
        Assert.Equal(50u, R(0x390));
        _time.RunTo(200);
        Assert.False(_apic.HasDeliverable);
        W(0x320, 0x2_0040);
        W(0x380, 100);
        W(0x380, 0);
        _time.RunTo(1_000);
        Assert.False(_apic.HasDeliverable);
        Assert.Equal(0u, R(0x390));
    }

    [Fact]
    public void Changing_the_divider_keeps_the_current_count()
    {
        Enable();
        W(0x320, 0x40);
        W(0x3E0, 0xB);
        W(0x380, 1000);
        _time.RunTo(400);
        W(0x3E0, 0x0); // divide by 2 from here: 600 counts left take 1200 ns
        Assert.Equal(600u, R(0x390));
        _time.RunTo(1_599);
        Assert.False(_apic.HasDeliverable);
        _time.RunTo(1_600);
        Assert.True(_apic.HasDeliverable);
    }

    [Fact]
    public void Logical_destination_in_flat_and_cluster_models()
    {
        W(0xD0, 0x0100_0000);
        Assert.True(_apic.MatchesDestination(0x01, logical: true));
        Assert.True(_apic.MatchesDestination(0x03, logical: true));
        Assert.False(_apic.MatchesDestination(0x02, logical: true));
        W(0xE0, 0x0FFF_FFFF);
        W(0xD0, 0x2100_0000);
        Assert.True(_apic.MatchesDestination(0x21, logical: true));
        Assert.True(_apic.MatchesDestination(0x23, logical: true));
        Assert.False(_apic.MatchesDestination(0x31, logical: true));
    }

    [Fact]
    public void Physical_destination_is_the_apic_id_or_broadcast()
    {
        Assert.True(_apic.MatchesDestination(0, logical: false));
        Assert.False(_apic.MatchesDestination(1, logical: false));
        Assert.True(_apic.MatchesDestination(0xFF, logical: false));
        W(0x20, 0x0300_0000);
        Assert.True(_apic.MatchesDestination(3, logical: false));
    }

    [Fact]
    public void Self_ipi_sets_irr_and_init_is_logged()
    {
        Enable();
        W(0x300, 0x0004_4050);
        Assert.Equal(0x50, _apic.Acknowledge());
        W(0x310, 0x0100_0000);
        W(0x300, 0x0000_4500); // INIT to APIC 1
        Assert.Contains(_log, l => l.Contains("INIT"));
        Assert.Equal(0u, R(0x300) & 0x1000); // delivery status idle
    }

    [Fact]
    public void Errors_appear_in_esr_after_the_next_write_and_raise_the_error_lvt()
    {
        Enable();
        W(0x370, 0xFE);
        W(0x300, 0x0004_0005); // fixed IPI with vector 5
        Assert.Equal(0u, R(0x280));
        W(0x280, 0);
        Assert.Equal(0x20u, R(0x280)); // send illegal vector
        Assert.Equal(0xFE, _apic.Acknowledge());
        _apic.AcceptInterrupt(3, false);
        W(0x280, 0);
        Assert.Equal(0x40u, R(0x280)); // receive illegal vector
        W(0x280, 0);
        Assert.Equal(0u, R(0x280));
    }

    [Fact]
    public void Lint1_in_nmi_mode_delivers_an_nmi()
    {
        Enable();
        int nmis = 0;
        _apic.Nmi = () => nmis++;
        W(0x360, 0x400);
        _apic.SignalLint(1);
        Assert.Equal(1, nmis);
    }

    [Fact]
    public void Narrow_reads_return_the_addressed_bytes_and_narrow_writes_are_ignored()
    {
        Assert.Equal(0x14u, _apic.Read(0x30, 1));
        Assert.Equal(0x05u, _apic.Read(0x32, 1));
        _apic.Write(0xF0, 0x1FF, 2);
        Assert.False(_apic.SoftwareEnabled);
        Assert.Contains(_log, l => l.Contains("32-bit"));
    }
}

public class LocalApicLateTimerTests
{
    [Fact]
    public void Periodic_timer_run_late_coalesces_missed_periods_into_one_interrupt()
    {
        var time = new VirtualTime();
        var apic = new LocalApic(time.Clock);
        apic.Write(0xF0, 0x1FF, 4);
        apic.Write(0x320, 0x2_0040, 4);
        apic.Write(0x3E0, 0xB, 4);
        apic.Write(0x380, 10, 4); // a 10 ns period
        int accepted = 0;
        apic.Changed = () => accepted++;
        // A machine that runs its timers only after a long slice: 1 ms of 10 ns periods.
        time.Clock.SkipTo(1_000_005);
        time.Clock.RunExpired();
        Assert.Equal(1, accepted);
        Assert.True(time.Clock.NextDeadlineNs > 1_000_005);
        Assert.Equal(10u - 5, apic.Read(0x390, 4));
    }

    [Fact]
    public void Virtual_wire_mode_is_what_a_bios_leaves()
    {
        var apic = new LocalApic(new VirtualTime().Clock);
        apic.EnterVirtualWireMode();
        Assert.True(apic.SoftwareEnabled);
        Assert.True(apic.Lint0ExtInt);
        Assert.Equal(0x400u, apic.Read(0x360, 4));
        Assert.Equal(0x1FFu, apic.Read(0xF0, 4));
    }
}
