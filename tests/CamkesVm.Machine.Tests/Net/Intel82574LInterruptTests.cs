namespace CamkesVm.Machine.Tests.Net;

/// <summary>ICR/ICS/IMS/IMC (82574 datasheet §10.2.4) and the INTx level they drive.</summary>
public class Intel82574LInterruptTests
{
    private const int Icr = 0xC0, Ics = 0xC8, Ims = 0xD0, Imc = 0xD8, Iam = 0xE0, CtrlExt = 0x18;

    [Fact]
    public void A_masked_cause_stays_pending_and_does_not_assert_intx()
    {
        using var h = new NicHarness();
        h.Write(Ims, 0x80);
        h.Write(Ics, 0x04); // LSC, masked
        Assert.False(h.Line.Level);
        Assert.Equal(0x04u, h.Read(Icr)); // no INT_ASSERTED, not cleared (IMS != 0)
        Assert.Equal(0x04u, h.Read(Icr));
    }

    [Fact]
    public void An_enabled_cause_asserts_intx_and_icr_read_returns_int_asserted_and_clears()
    {
        using var h = new NicHarness();
        h.Write(Ims, 0x04);
        h.Write(Ics, 0x04);
        Assert.True(h.Line.Level);
        Assert.Equal(0x8000_0004u, h.Read(Icr));
        Assert.False(h.Line.Level);
        Assert.Equal(0u, h.Read(Icr));
    }

    [Fact]
    public void With_ims_zero_icr_read_clears_everything()
    {
        using var h = new NicHarness();
        h.Write(Ics, 0x84);
        Assert.Equal(0x84u, h.Read(Icr));
        Assert.Equal(0u, h.Read(Icr));
    }

    [Fact]
    public void Imc_masks_and_deasserts_ims_reads_back_and_icr_write_clears_bits()
    {
        using var h = new NicHarness();
        h.Write(Ims, 0x9D);
        Assert.Equal(0x9Du, h.Read(Ims));
        h.Write(Ics, 0x80);
        Assert.True(h.Line.Level);
        h.Write(Imc, 0x80);
        Assert.False(h.Line.Level);
        Assert.Equal(0x1Du, h.Read(Ims));
        h.Write(Icr, 0x80);
        Assert.Equal(0u, h.Read(Icr) & 0x80);
    }

    [Fact]
    public void With_iame_an_asserted_icr_read_masks_the_iam_causes()
    {
        using var h = new NicHarness();
        h.Write(CtrlExt, h.Read(CtrlExt) | (1u << 27));
        h.Write(Iam, 0xFFFF_FFFF);
        h.Write(Ims, 0x9D);
        h.Write(Ics, 0x80);
        Assert.Equal(0x8000_0080u, h.Read(Icr));
        Assert.Equal(0u, h.Read(Ims));
        h.Write(Ims, 0x9D); // the driver re-enables after NAPI
        Assert.Equal(0x9Du, h.Read(Ims));
    }

    [Fact]
    public void Interrupt_disable_in_the_command_register_gates_the_wire()
    {
        using var h = new NicHarness();
        h.Write(Ims, 0x04);
        h.Nic.WriteConfig(0x04, 0x0407, 2);
        h.Write(Ics, 0x04);
        Assert.False(h.Line.Level);
        Assert.NotEqual(0u, h.Nic.ReadConfig(0x06, 2) & 0x08); // Status.Interrupt Status
    }
}
