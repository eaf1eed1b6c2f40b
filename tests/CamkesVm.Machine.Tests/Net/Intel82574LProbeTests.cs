using CamkesVm.Machine.Devices.Net;
using CamkesVm.Machine.Net;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>What e1000e's probe reads (82574 datasheet §9.3 PCI, §6.1 NVM, §10.2.2 general registers, §8.7 PHY).</summary>
public class Intel82574LProbeTests
{
    [Fact]
    public void Pci_identity_and_bars_are_the_82574L_at_the_seed_board_addresses()
    {
        using var h = new NicHarness();
        var n = h.Nic;
        Assert.Equal(0x8086, n.Vendor);
        Assert.Equal(0x10D3, n.Device);
        Assert.Equal(0x020000u, n.ReadConfig(PciConfigRegisters.RevisionId, 4) >> 8);
        Assert.Equal(1u, n.ReadConfig(PciConfigRegisters.InterruptPin, 1));
        Assert.Equal(0xC050_0000u, n.ReadConfig(0x10, 4));
        Assert.Equal(0x3001u, n.ReadConfig(0x18, 4));
        Assert.Equal(0xC052_0000u, n.ReadConfig(0x1C, 4));
        Assert.Equal(0x2_0000u, n.Bars[0]!.Size);
        Assert.Equal(0x20u, n.Bars[2]!.Size);
        Assert.Equal(0x4000u, n.Bars[3]!.Size);
        Assert.Equal(0xC050_0000u, n.Bars[0]!.DecodedBase);
        n.WriteConfig(0x10, 0xFFFF_FFFF, 4);
        Assert.Equal(0xFFFE_0000u, n.ReadConfig(0x10, 4)); // 128 KiB, 32-bit, non-prefetchable
    }

    [Fact]
    public void Nvm_read_through_eerd_holds_the_mac_and_sums_to_0xBABA()
    {
        using var h = new NicHarness(MacAddress.Parse("00:d0:81:09:0c:7d"));
        ushort sum = 0;
        var words = new ushort[64];
        for (int a = 0; a < 64; a++)
        {
            h.Write(0x14, (uint)(a << 2) | 1);
            uint eerd = h.Read(0x14);
            Assert.True((eerd & 2) != 0, "EERD.DONE");
            Assert.Equal((uint)a, (eerd >> 2) & 0x3FFF);
            words[a] = (ushort)(eerd >> 16);
            sum += words[a];
        }
        Assert.Equal(0xBABA, sum);
        Assert.Equal([0xD000, 0x0981, 0x7D0C], words[..3]);
        Assert.Equal(0x0981_D000u, h.Read(0x5400)); // RAL0: octets 00 d0 81 09, first in the low byte
        Assert.Equal(0x8000_7D0Cu, h.Read(0x5404)); // RAH0 with Address Valid
    }

    [Fact]
    public void Eecd_reports_nvm_present_and_auto_read_done_and_status_reports_a_1000_full_link()
    {
        using var h = new NicHarness();
        Assert.Equal(0x300u, h.Read(0x10) & 0x300);
        h.Write(0x10, 0);
        Assert.Equal(0x300u, h.Read(0x10) & 0x300);
        uint status = h.Read(0x08);
        Assert.Equal(0x3u, status & 0x3);      // FD, LU
        Assert.Equal(2u, (status >> 6) & 3);    // 1000 Mb/s
        Assert.True((h.Read(0x1010) & (1u << 18)) != 0, "EEMNGCTL.CFG_DONE0");
        Assert.True((status & (1u << 19)) != 0, "GIO master enabled");
        h.Write(0x0000, h.Read(0x0000) | 4); // GIO master disable
        Assert.Equal(0u, h.Read(0x08) & (1u << 19));
    }

    [Theory]
    [InlineData(2, 0x0141)]
    [InlineData(3, 0x0CB1)]
    public void Mdic_reads_the_bm_phy_identifier(int register, int expected)
    {
        using var h = new NicHarness();
        Assert.Equal((ushort)expected, ReadPhy(h, register));
    }

    [Fact]
    public void Phy_status_shows_link_up_and_autonegotiation_complete_and_writes_stick()
    {
        using var h = new NicHarness();
        ushort bmsr = ReadPhy(h, 1);
        Assert.True((bmsr & 0x0004) != 0, "link status");
        Assert.True((bmsr & 0x0020) != 0, "auto-negotiation complete");
        h.Write(0x20, (1u << 26) | (1u << 21) | (4u << 16) | 0x01E1);
        Assert.True((h.Read(0x20) & (1u << 28)) != 0, "MDIC.READY after write");
        Assert.Equal(0x01E1, ReadPhy(h, 4));
        h.Write(0x20, (1u << 26) | (1u << 21) | (0u << 16) | 0x9140); // reset + autoneg
        Assert.Equal(0, ReadPhy(h, 0) & 0x8000); // reset self-clears
    }

    [Fact]
    public void Mdic_to_another_phy_address_reports_an_error()
    {
        using var h = new NicHarness();
        h.Write(0x20, (2u << 26) | (2u << 21) | (2u << 16));
        uint mdic = h.Read(0x20);
        Assert.True((mdic & (1u << 30)) != 0, "MDIC.E");
        Assert.True((mdic & (1u << 28)) != 0, "MDIC.R");
    }

    [Fact]
    public void Statistics_read_zero_and_io_window_reaches_the_registers()
    {
        using var h = new NicHarness();
        for (int o = 0x4000; o < 0x4100; o += 4) Assert.Equal(0u, h.Read(o));
        var io = h.Nic.Bars[2]!.Handler;
        io.Write(0, 0x5404, 4);
        Assert.Equal(h.Read(0x5404), io.Read(4, 4));
        io.Write(0, 0x00D0, 4);
        io.Write(4, 0x4, 4); // IMS via IODATA
        Assert.Equal(0x4u, h.Read(0x00D0));
    }

    [Fact]
    public void Control_reset_restores_defaults_and_reloads_the_address()
    {
        using var h = new NicHarness();
        h.Write(0x5400, 0x1234_5678);
        h.Write(0x00D0, 0xFFFF);
        h.Write(0x0000, h.Read(0x0000) | (1u << 26));
        Assert.Equal(0u, h.Read(0x0000) & (1u << 26));
        Assert.Equal(0u, h.Read(0x00D0));
        Assert.Equal(0x1200_5452u, h.Read(0x5400));
    }

    internal static ushort ReadPhy(NicHarness h, int register)
    {
        h.Write(0x20, (2u << 26) | (1u << 21) | ((uint)register << 16));
        uint mdic = h.Read(0x20);
        Assert.True((mdic & (1u << 28)) != 0, "MDIC.R");
        Assert.Equal(0u, mdic & (1u << 30));
        Assert.Equal((uint)register, (mdic >> 16) & 31);
        return (ushort)mdic;
    }
}
