using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Devices.Storage.Ide;

namespace CamkesVm.Machine.Tests.Storage;

/// <summary>
/// The controller in IDE mode against ATA8-APT (task file, status/error, INTRQ and nIEN, software reset),
/// ACS-2 (IDENTIFY, READ/WRITE SECTORS), SFF-8038i (Bus Master IDE) and the PCH datasheet (SIDPR).
/// </summary>
public sealed class IdeControllerTests : IDisposable
{
    private const uint Prd = 0x10_0000, Data = 0x20_0000;
    private readonly SataTestRig _rig = new(SataMode.Ide);
    private IdeChannel Primary => _rig.Controller.Primary!;
    private IdeChannel Secondary => _rig.Controller.Secondary!;
    private BusMasterIde Bmide => Primary.BusMaster;

    public void Dispose() => _rig.Dispose();

    private void TaskFile(byte device, ushort count, uint lba)
    {
        Primary.Write(6, device, 1);
        Primary.Write(2, count, 1);
        Primary.Write(3, lba & 0xFF, 1);
        Primary.Write(4, (lba >> 8) & 0xFF, 1);
        Primary.Write(5, (lba >> 16) & 0xFF, 1);
    }

    private byte[] ReadPio(int bytes)
    {
        var data = new byte[bytes];
        for (int i = 0; i < bytes; i += 2)
        {
            uint w = Primary.Read(0, 2);
            data[i] = (byte)w;
            data[i + 1] = (byte)(w >> 8);
        }
        return data;
    }

    [Fact]
    public void Pci_identity_is_native_mode_ide_with_the_seed_boards_six_io_bars()
    {
        var c = _rig.Controller;
        Assert.Equal(0x1E01_8086u, c.ReadConfig(0x00, 4));
        Assert.Equal(0x0101_8F04u, c.ReadConfig(0x08, 4));
        uint[] expected = [0x40B9, 0x40CD, 0x40B1, 0x40C9, 0x4091, 0x4081];
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], c.ReadConfig(0x10 + 4 * i, 4));
        c.WriteConfig(0x14, 0xFFFF_FFFF, 4);
        Assert.Equal(0xFFFF_FFFDu, c.ReadConfig(0x14, 4));    // 4-port control block
        Assert.Equal(0x0100u, c.ReadConfig(0x92, 2));         // PCS: port 0 present
    }

    [Fact]
    public void Power_on_shows_the_ata_signature_absent_slave_reads_zero_and_an_empty_channel_floats()
    {
        Assert.Equal(0x50u, Primary.Read(7, 1));
        Assert.Equal(0x01u, Primary.Read(1, 1));
        Assert.Equal((1u, 1u, 0u, 0u), (Primary.Read(2, 1), Primary.Read(3, 1), Primary.Read(4, 1), Primary.Read(5, 1)));
        Primary.Write(6, 0xB0, 1);                            // select the slave position: nothing there
        Assert.Equal(0u, Primary.Read(7, 1));
        Assert.Equal(0u, Primary.Read(2, 1));
        Assert.Equal(0xFFu, Secondary.Read(7, 1));
        Assert.Equal(0xFFu, Secondary.AlternateStatus);
    }

    [Fact]
    public void Identify_by_pio_interrupts_with_drq_and_goes_ready_after_the_last_word()
    {
        TaskFile(0xA0, 0, 0);
        Primary.Write(7, 0xEC, 1);
        Assert.True(_rig.Intx.Level);
        Assert.Equal(0x04u, Bmide.Read(2, 1) & 0x04);             // BMIDE interrupt bit latched INTRQ
        Assert.Equal(0x58u, Primary.AlternateStatus);            // DRDY DSC DRQ; alt status keeps INTRQ
        Assert.True(_rig.Intx.Level);
        Assert.Equal(0x58u, Primary.Read(7, 1));
        Assert.False(_rig.Intx.Level);                           // reading Status clears INTRQ
        var id = ReadPio(512);
        Assert.Equal("CAMKES-VM SATA DISK", SataTestRig.AtaString(id, 27, 20));
        Assert.Equal(4096u, SataTestRig.Word(id, 60) | (uint)SataTestRig.Word(id, 61) << 16);
        Assert.Equal(0x50u, Primary.Read(7, 1));
        Assert.False(_rig.Intx.Level);
    }

    [Fact]
    public void Nien_masks_intrq_and_srst_resets_to_the_signature()
    {
        Primary.Write(6, 0xE0, 1);
        _rig.Controller.Primary!.WriteDeviceControl(0x02);       // nIEN
        Primary.Write(7, 0xE7, 1);                               // FLUSH CACHE
        Assert.False(_rig.Intx.Level);
        Assert.Equal(1, _rig.Disk.Flushes);
        Primary.WriteDeviceControl(0x06);                        // SRST
        Assert.Equal(0x80u, Primary.AlternateStatus);
        Primary.WriteDeviceControl(0x00);
        Assert.Equal(0x50u, Primary.AlternateStatus);
        Assert.Equal((1u, 1u, 1u), (Primary.Read(1, 1), Primary.Read(2, 1), Primary.Read(3, 1)));
    }

    [Fact]
    public void Write_sectors_then_read_sectors_by_pio_round_trip()
    {
        var pattern = Enumerable.Range(0, 1024).Select(i => (byte)(i * 3 + 1)).ToArray();
        TaskFile(0xE0, 2, 10);
        Primary.Write(7, 0x30, 1);                                // WRITE SECTORS
        Assert.False(_rig.Intx.Level);                            // no interrupt before the first block
        Assert.Equal(0x58u, Primary.AlternateStatus);
        for (int i = 0; i < 512; i += 4) Primary.Write(0, BitConverter.ToUInt32(pattern, i), 4);
        Assert.True(_rig.Intx.Level);                             // next block requested
        Primary.Read(7, 1);
        for (int i = 512; i < 1024; i += 2) Primary.Write(0, BitConverter.ToUInt16(pattern, i), 2);
        Assert.True(_rig.Intx.Level);
        Assert.Equal(0x50u, Primary.Read(7, 1));
        Assert.Equal(pattern, _rig.Disk.Bytes.Slice(10 * 512, 1024).ToArray());

        TaskFile(0xE0, 2, 10);
        Primary.Write(7, 0x20, 1);                                // READ SECTORS
        Primary.Read(7, 1);
        var first = ReadPio(512);
        Assert.True(_rig.Intx.Level);                             // interrupt before the second sector
        Primary.Read(7, 1);
        Assert.Equal(pattern, first.Concat(ReadPio(512)).ToArray());
        Assert.Equal(0x50u, Primary.Read(7, 1));
    }

    [Fact]
    public void Read_dma_ext_moves_data_through_the_prd_table_when_the_bus_master_starts()
    {
        _rig.Write32(Prd, Data);
        _rig.Write32(Prd + 4, 1024);
        _rig.Write32(Prd + 8, Data + 0x10000);
        _rig.Write32(Prd + 12, 0x8000_0000 | 512);
        Bmide.Write(4, Prd, 4);
        Bmide.Write(0, 0x08, 1);                                  // direction: to memory
        Primary.Write(6, 0xE0, 1);
        Primary.Write(2, 0, 1); Primary.Write(2, 3, 1);          // count 15:8 then 7:0 (HOB)
        foreach (byte b in new byte[] { 0, 0x20 }) Primary.Write(3, b, 1);
        Primary.Write(4, 0, 1); Primary.Write(4, 0, 1);
        Primary.Write(5, 0, 1); Primary.Write(5, 0, 1);
        Primary.Write(7, 0x25, 1);                                // READ DMA EXT, LBA 0x20, 3 sectors
        Assert.False(_rig.Intx.Level);                            // waits for the start bit
        Bmide.Write(0, 0x09, 1);
        Assert.True(_rig.Intx.Level);
        Assert.Equal(0x04u, Bmide.Read(2, 1) & 0x07);             // interrupt, not active, no error
        Assert.Equal(_rig.Disk.Bytes.Slice(0x20 * 512, 1024).ToArray(), _rig.ReadRam(Data, 1024));
        Assert.Equal(_rig.Disk.Bytes.Slice(0x22 * 512, 512).ToArray(), _rig.ReadRam(Data + 0x10000, 512));
        Assert.Equal(0x50u, Primary.Read(7, 1));
        Bmide.Write(2, 0x04, 1);
        Assert.Equal(0u, Bmide.Read(2, 1) & 0x04);
    }

    [Fact]
    public void Sata_index_data_pair_reports_link_state_and_keeps_scontrol()
    {
        var sidpr = (SataIndexDataPair)_rig.Controller.Bars[5]!.Handler;
        sidpr.Write(0, 0x000, 4);
        Assert.Equal(0x123u, sidpr.Read(4, 4));                   // primary master: device, Gen2
        sidpr.Write(0, 0x100, 4);
        Assert.Equal(0u, sidpr.Read(4, 4));                       // primary slave: nothing
        sidpr.Write(0, 0x001, 4);
        sidpr.Write(4, 0x301, 4);                                 // COMRESET
        sidpr.Write(0, 0x000, 4);
        Assert.Equal(0u, sidpr.Read(4, 4));
        sidpr.Write(0, 0x001, 4);
        sidpr.Write(4, 0x300, 4);
        Assert.Equal(0x300u, sidpr.Read(4, 4));
        sidpr.Write(0, 0x000, 4);
        Assert.Equal(0x123u, sidpr.Read(4, 4));
    }
}
