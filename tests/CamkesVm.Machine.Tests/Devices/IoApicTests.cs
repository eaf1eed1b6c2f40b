using CamkesVm.Machine.Devices;

namespace CamkesVm.Machine.Tests.Devices;

/// <summary>Behaviour from the Intel 82093AA I/O APIC datasheet, delivering into a local APIC.</summary>
public class IoApicTests
{
    private readonly VirtualTime _time = new();
    private readonly LocalApic _lapic;
    private readonly IoApic _ioapic;

    public IoApicTests()
    {
        _lapic = new LocalApic(_time.Clock);
        _lapic.Write(0xF0, 0x1FF, 4);
        _ioapic = new IoApic(_lapic);
    }

    private uint Reg(uint index)
    {
        _ioapic.Write(0, index, 4);
        return _ioapic.Read(0x10, 4);
    }

    private void SetReg(uint index, uint value)
    {
        _ioapic.Write(0, index, 4);
        _ioapic.Write(0x10, value, 4);
    }

    private void Route(int pin, uint low, uint destination = 0)
    {
        SetReg(0x11 + 2 * (uint)pin, destination << 24);
        SetReg(0x10 + 2 * (uint)pin, low);
    }

    private void Eoi() => _lapic.Write(0xB0, 0, 4);

    [Fact]
    public void Identification_registers()
    {
        Assert.Equal(0x0017_0011u, Reg(0x01));
        SetReg(0x00, 0xFF00_0000);
        Assert.Equal(0x0F00_0000u, Reg(0x00));
        Assert.Equal(0x0F00_0000u, Reg(0x02));
        Assert.Equal(0x02u, _ioapic.Read(0, 4)); // IOREGSEL reads back
    }

    [Fact]
    public void Every_entry_is_masked_after_reset()
    {
        for (uint pin = 0; pin < IoApic.Pins; pin++)
        {
            Assert.Equal(0x0001_0000u, Reg(0x10 + 2 * pin));
            Assert.Equal(0u, Reg(0x11 + 2 * pin));
        }
    }

    [Fact]
    public void Edge_entry_sends_its_vector_on_each_assertion_and_a_masked_edge_is_lost()
    {
        Route(2, 0x30);
        _ioapic.SetPin(2, true);
        Assert.Equal(0x30, _lapic.Acknowledge());
        Eoi();
        _ioapic.SetPin(2, false);
        Route(2, 0x1_0030);
        _ioapic.SetPin(2, true);
        Route(2, 0x30);
        Assert.False(_lapic.HasDeliverable);
        _ioapic.SetPin(2, false);
        _ioapic.SetPin(2, true);
        Assert.Equal(0x30, _lapic.Acknowledge());
    }

    [Fact]
    public void Level_active_low_entry_holds_remote_irr_until_the_lapic_eoi()
    {
        _ioapic.SetPin(16, true); // electrically high: idle
        Route(16, 0xA041); // level, active low, vector 0x41
        Assert.False(_lapic.HasDeliverable);
        _ioapic.SetPin(16, false); // asserted
        Assert.Equal(0x4000u, Reg(0x30) & 0x4000);
        Assert.Equal(0x41, _lapic.Acknowledge());
        Assert.Equal(0x2u, _lapic.Read(0x1A0, 4)); // TMR marks it level
        Eoi(); // still asserted: remote IRR clears and the message is sent again
        Assert.Equal(0x4000u, Reg(0x30) & 0x4000);
        Assert.Equal(0x41, _lapic.Acknowledge());
        _ioapic.SetPin(16, true); // the device was serviced
        Eoi();
        Assert.Equal(0u, Reg(0x30) & 0x4000);
        Assert.False(_lapic.HasDeliverable);
    }

    [Fact]
    public void Unmasking_an_asserted_level_input_delivers_it()
    {
        Route(10, 0x1_8051);
        _ioapic.SetPin(10, true);
        Assert.False(_lapic.HasDeliverable);
        Route(10, 0x8051);
        Assert.Equal(0x51, _lapic.Acknowledge());
    }

    [Fact]
    public void Remote_irr_and_delivery_status_are_read_only()
    {
        Route(5, 0x0000_5035);
        Assert.Equal(0x0035u, Reg(0x1A));
    }

    [Fact]
    public void Logical_destination_is_matched_against_the_lapic_ldr()
    {
        _lapic.Write(0xD0, 0x0100_0000, 4);
        Route(4, 0x834, destination: 0x02); // logical, dest 0x02: not this CPU
        _ioapic.SetPin(4, true);
        Assert.False(_lapic.HasDeliverable);
        _ioapic.SetPin(4, false);
        Route(4, 0x834, destination: 0x01);
        _ioapic.SetPin(4, true);
        Assert.Equal(0x34, _lapic.Acknowledge());
    }

    [Fact]
    public void Lowest_priority_delivery_reaches_the_only_cpu()
    {
        Route(3, 0x133);
        _ioapic.SetPin(3, true);
        Assert.Equal(0x33, _lapic.Acknowledge());
    }

    [Fact]
    public void ExtInt_entry_reports_its_asserted_input()
    {
        int changes = 0;
        _ioapic.ExtIntChanged = () => changes++;
        Route(0, 0x700);
        _ioapic.SetPin(0, true);
        Assert.True(_ioapic.ExtIntAsserted);
        Route(0, 0x1_0700);
        Assert.False(_ioapic.ExtIntAsserted);
        Assert.Equal(2, changes);
        Assert.False(_lapic.HasDeliverable);
    }

    [Fact]
    public void Nmi_entry_delivers_an_nmi()
    {
        int nmis = 0;
        _lapic.Nmi = () => nmis++;
        Route(7, 0x400);
        _ioapic.SetPin(7, true);
        Assert.Equal(1, nmis);
    }
}
