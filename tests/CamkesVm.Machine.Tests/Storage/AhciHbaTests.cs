using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Devices.Storage.Ahci;
using static CamkesVm.Machine.Devices.Storage.Ahci.AhciRegisters;

namespace CamkesVm.Machine.Tests.Storage;

/// <summary>
/// The AHCI HBA against Serial ATA AHCI 1.3: generic host control (§3.1), port registers (§3.3), command
/// list processing with the PRDT (§4.2, §5.3), received FISes and the interrupt rules (§5.6.4, §10.4).
/// </summary>
public sealed class AhciHbaTests : IDisposable
{
    private const uint Clb = 0x10_0000, Fb = 0x10_1000, Table = 0x10_2000, Data = 0x20_0000;
    private readonly SataTestRig _rig = new(SataMode.Ahci);
    private AhciHba Hba => _rig.Controller.Hba!;

    public void Dispose() => _rig.Dispose();

    private uint Port(uint reg, int port = 0) => Hba.Read(PortBase + (uint)port * PortStride + reg, 4);

    private void SetPort(uint reg, uint value, int port = 0) => Hba.Write(PortBase + (uint)port * PortStride + reg, value, 4);

    private void StartPort()
    {
        SetPort(PxClb, Clb);
        SetPort(PxFb, Fb);
        SetPort(PxCmd, CmdFre | CmdSt);
        SetPort(PxIe, 0xFFFF_FFFF);
        Hba.Write(Ghc, GhcAe | GhcIe, 4);
    }

    /// <summary>Builds slot <paramref name="slot"/>: header, H2D FIS, and a PRDT of (address, bytes) entries.</summary>
    private void Command(int slot, byte command, ulong lba, ushort count, bool write, params (uint Address, uint Bytes)[] prdt)
    {
        uint header = Clb + (uint)slot * 32, table = Table + (uint)slot * 0x400;
        _rig.Write32(header, 5u | (write ? HeaderWrite : 0) | ((uint)prdt.Length << 16));
        _rig.Write32(header + 4, 0xDEAD_BEEF);
        _rig.Write32(header + 8, table);
        var fis = new byte[20];
        fis[0] = FisRegH2D; fis[1] = 0x80; fis[2] = command; fis[7] = 0x40;
        for (int i = 0; i < 3; i++) { fis[4 + i] = (byte)(lba >> (8 * i)); fis[8 + i] = (byte)(lba >> (8 * (i + 3))); }
        fis[12] = (byte)count; fis[13] = (byte)(count >> 8);
        _rig.Memory.Write(table, fis);
        for (int i = 0; i < prdt.Length; i++)
        {
            _rig.Write32(table + 0x80 + (uint)i * 16, prdt[i].Address);
            _rig.Write32(table + 0x80 + (uint)i * 16 + 12, prdt[i].Bytes - 1);
        }
    }

    private void Issue(int slot) => SetPort(PxCi, 1u << slot);

    [Fact]
    public void Pci_identity_and_bars_are_the_seed_boards()
    {
        var c = _rig.Controller;
        Assert.Equal(0x1E03_8086u, c.ReadConfig(0x00, 4));
        Assert.Equal(0x0106_0104u, c.ReadConfig(0x08, 4));   // class 01h/06h/01h (AHCI 1.0), revision 4
        Assert.Equal(0xC071_3000u, c.ReadConfig(0x24, 4));   // ABAR
        Assert.Equal(0x4061u, c.ReadConfig(0x20, 4));        // BAR4: I/O 0x4060
        Assert.Equal(0x4089u, c.ReadConfig(0x10, 4));
        Assert.Equal(2u, c.ReadConfig(0x3D, 1));             // INTB#
        c.WriteConfig(0x24, 0xFFFF_FFFF, 4);
        Assert.Equal(0xFFFF_F800u, c.ReadConfig(0x24, 4));   // 2 KiB memory BAR
    }

    [Fact]
    public void Generic_host_control_reports_six_ports_32_slots_gen2_ahci_1_3()
    {
        uint cap = Hba.Read(Cap, 4);
        Assert.Equal(5u, cap & 0x1F);                 // NP: 6 ports
        Assert.Equal(31u, (cap >> 8) & 0x1F);         // NCS: 32 slots
        Assert.Equal(2u, (cap >> 20) & 0xF);          // ISS: Gen2 (3 Gbps)
        Assert.NotEqual(0u, cap & CapSclo);
        Assert.Equal(0u, cap & (1u << 30 | 1u << 31)); // no NCQ, no 64-bit addressing
        Assert.Equal(0x3Fu, Hba.Read(Pi, 4));
        Assert.Equal(0x0001_0300u, Hba.Read(Vs, 4));
        Assert.Equal(GhcAe, Hba.Read(Ghc, 4));
    }

    [Fact]
    public void Port_with_a_disk_shows_link_and_ata_signature_and_an_empty_port_does_not()
    {
        Assert.Equal(0x123u, Port(PxSsts));
        Assert.Equal(0x101u, Port(PxSig));
        Assert.Equal(0x50u, Port(PxTfd) & 0xFF);
        Assert.Equal(0u, Port(PxSsts, 1));
        Assert.Equal(0xFFFF_FFFFu, Port(PxSig, 1));
        Assert.Equal(0x7Fu, Port(PxTfd, 1));
    }

    [Fact]
    public void Comreset_through_sctl_det_takes_the_link_down_then_resends_the_signature()
    {
        SetPort(PxFb, Fb);
        SetPort(PxCmd, CmdFre);
        SetPort(PxSctl, 0x301);
        Assert.Equal(0u, Port(PxSsts) & 0xF);
        Assert.Equal(0x80u, Port(PxTfd) & 0xFF);          // BSY during COMRESET
        SetPort(PxSctl, 0x300);
        Assert.Equal(0x123u, Port(PxSsts));
        Assert.Equal(0x50u, Port(PxTfd) & 0xFF);
        Assert.Equal(0x300u, Port(PxSctl));
        Assert.Equal(0x34u, _rig.Read32(Fb + 0x40) & 0xFF); // D2H register FIS in the receive area
        Assert.NotEqual(0u, Port(PxSerr) & (1u << 26));  // DIAG.X
        SetPort(PxSerr, 0xFFFF_FFFF);
        Assert.Equal(0u, Port(PxSerr));
    }

    [Fact]
    public void Pxcmd_running_bits_follow_st_and_fre_and_clearing_st_clears_ci()
    {
        SetPort(PxClb, Clb);
        SetPort(PxCmd, CmdFre);
        Assert.Equal(CmdFr, Port(PxCmd) & (CmdFr | CmdCr));
        SetPort(PxCmd, CmdFre | CmdSt);
        Assert.Equal(CmdFr | CmdCr, Port(PxCmd) & (CmdFr | CmdCr));
        Command(0, 0x99, 0, 0, false);                    // an unknown command stops the list with CI set
        Issue(0);
        Assert.Equal(1u, Port(PxCi));
        SetPort(PxCmd, CmdFre);
        Assert.Equal(0u, Port(PxCmd) & CmdCr);
        Assert.Equal(0u, Port(PxCi));
    }

    [Fact]
    public void Hba_reset_restores_defaults_and_reads_back_zero()
    {
        StartPort();
        Hba.Write(Ghc, GhcHr, 4);
        Assert.Equal(0u, Hba.Read(Ghc, 4) & GhcHr);
        Assert.Equal(0u, Port(PxIe));
        Assert.Equal(0u, Port(PxCmd) & (CmdSt | CmdFre));
        Assert.Equal(0u, Port(PxClb));
        Assert.Equal(0x123u, Port(PxSsts));
    }

    [Fact]
    public void Identify_device_through_a_slot_fills_the_prdt_posts_pio_setup_and_interrupts()
    {
        StartPort();
        Command(3, 0xEC, 0, 0, false, (Data, 512));
        Issue(3);
        Assert.Equal(0u, Port(PxCi));
        Assert.Equal(512u, _rig.Read32(Clb + 3 * 32 + 4));            // PRDBC
        var id = _rig.ReadRam(Data, 512);
        Assert.Equal("CAMKES-VM SATA DISK", SataTestRig.AtaString(id, 27, 20));
        Assert.Equal(4096u, SataTestRig.Word(id, 100) | (uint)SataTestRig.Word(id, 101) << 16); // LBA48 capacity
        Assert.NotEqual(0, SataTestRig.Word(id, 83) & (1 << 10));      // LBA48 supported
        Assert.Equal(0xA5, id[510]);
        Assert.Equal(0, id.Aggregate(0, (s, b) => (s + b) & 0xFF));    // integrity word checksum
        Assert.Equal(IsPss, Port(PxIs));
        Assert.Equal(0x5Fu, _rig.Read32(Fb + 0x20) & 0xFF);             // PIO setup FIS
        Assert.Equal(0x50u, _rig.Read32(Fb + 0x20 + 12) >> 24);         // E_Status
        Assert.Equal(1u, Hba.Read(Is, 4));
        Assert.True(_rig.Intx.Level);
    }

    [Fact]
    public void Interrupt_is_level_is_reasserts_while_the_port_cause_stays_and_drops_once_both_are_cleared()
    {
        StartPort();
        Command(0, 0xE7, 0, 0, false);
        Issue(0);
        Assert.Equal(IsDhrs, Port(PxIs));
        Hba.Write(Is, 1, 4);
        Assert.Equal(1u, Hba.Read(Is, 4));        // PxIS.DHRS still set and enabled
        Assert.True(_rig.Intx.Level);
        SetPort(PxIs, IsDhrs);
        Hba.Write(Is, 1, 4);
        Assert.Equal(0u, Hba.Read(Is, 4));
        Assert.False(_rig.Intx.Level);
        Hba.Write(Ghc, GhcAe, 4);                 // IE clear: causes no longer reach the wire
        Issue(0);
        Assert.Equal(1u, Hba.Read(Is, 4));
        Assert.False(_rig.Intx.Level);
    }

    [Fact]
    public void Write_dma_ext_then_read_dma_ext_round_trips_through_scattered_buffers()
    {
        StartPort();
        var pattern = Enumerable.Range(0, 3 * 512).Select(i => (byte)(i ^ 0x5A)).ToArray();
        _rig.Memory.Write(Data, pattern.AsSpan(0, 1000));
        _rig.Memory.Write(Data + 0x8000, pattern.AsSpan(1000));
        Command(1, 0x35, 0x100, 3, true, (Data, 1000), (Data + 0x8000, 536));
        Issue(1);
        Assert.Equal(0u, Port(PxCi));
        Assert.Equal(1536u, _rig.Read32(Clb + 32 + 4));
        Assert.Equal(pattern, _rig.Disk.Bytes.Slice(0x100 * 512, 1536).ToArray());

        Command(2, 0x25, 0x100, 3, false, (Data + 0x10000, 512), (Data + 0x20000, 1024));
        Issue(2);
        Assert.Equal(pattern[..512], _rig.ReadRam(Data + 0x10000, 512));
        Assert.Equal(pattern[512..], _rig.ReadRam(Data + 0x20000, 1024));
        Assert.Equal(0x50u, Port(PxTfd));
        Assert.Equal(IsDhrs, Port(PxIs) & IsDhrs);
    }

    [Fact]
    public void Read_beyond_the_disk_fails_with_idnf_and_tfes()
    {
        StartPort();
        Command(0, 0x25, 4095, 2, false, (Data, 1024));
        Issue(0);
        Assert.Equal(0x1051u, Port(PxTfd));          // ERR with Error = IDNF
        Assert.NotEqual(0u, Port(PxIs) & IsTfes);
        Assert.Equal(1u, Port(PxCi));                // the failed slot stays until the host stops the port
    }

    [Fact]
    public void Flush_cache_ext_reaches_the_backend_and_unknown_commands_abort()
    {
        StartPort();
        Command(0, 0xEA, 0, 0, false);
        Issue(0);
        Assert.Equal(1, _rig.Disk.Flushes);
        Assert.Equal(0x50u, Port(PxTfd));
        Command(1, 0xEF, 0, 0x45, false);            // SET FEATURES without a subcommand in Features: abort
        Issue(1);
        Assert.Equal(0x0451u, Port(PxTfd));
    }

    [Fact]
    public void Software_reset_by_device_control_fises_resends_the_signature()
    {
        StartPort();
        Command(0, 0, 0, 0, false);
        _rig.Memory.WriteByte(Table + 1, 0x00);                 // C clear: a Device Control FIS
        _rig.Memory.WriteByte(Table + 15, 0x04);                // SRST
        Issue(0);
        Assert.Equal(0x80u, Port(PxTfd) & 0xFF);                // held in reset: BSY
        _rig.Memory.WriteByte(Table + 15, 0x00);
        Issue(0);
        Assert.Equal(0x50u, Port(PxTfd) & 0xFF);
        Assert.Equal(0x101u, Port(PxSig));
        Assert.Equal(0u, Port(PxCi));
        Assert.Equal(0x0150_0034u, _rig.Read32(Fb + 0x40) & 0xFFFF_00FF); // D2H FIS: status 50h, error 01h
    }
}
