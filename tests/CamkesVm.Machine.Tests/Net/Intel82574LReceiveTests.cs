using System.Buffers.Binary;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>The receive ring (82574 datasheet §7.1): filtering, legacy and extended write-back, spanning, waiting for descriptors.</summary>
public class Intel82574LReceiveTests
{
    private const uint RctlEn = 1u << 1, RctlBam = 1u << 15, RctlSecrc = 1u << 26, RctlMpe = 1u << 4, RctlUpe = 1u << 3;

    [Fact]
    public void Extended_write_back_reports_length_dd_eop_ixsm_and_raises_rxt0()
    {
        using var h = new NicHarness();
        h.SetUpReceive(8, RctlEn | RctlBam | RctlSecrc, extended: true, tail: 7);
        h.Write(0xD0, 0x80);
        var frame = TestFrames.Raw(TestFrames.GuestMac, 200);
        h.Nic.Receive(frame);
        h.Nic.Service();
        Assert.Equal(frame, h.RamBytes(NicHarness.RxBuffers, frame.Length));
        Assert.Equal(0x07u, h.ReadRam(NicHarness.RxRing + 8));             // status DD|EOP|IXSM, no errors
        Assert.Equal((uint)frame.Length, h.ReadRam(NicHarness.RxRing + 12) & 0xFFFF);
        Assert.Equal(1u, h.Read(0x2810));
        Assert.True(h.Line.Level);
        Assert.Equal(0x8000_0080u, h.Read(0xC0) & 0x8000_0080);
    }

    [Fact]
    public void Legacy_write_back_pads_short_frames_and_appends_the_fcs_without_secrc()
    {
        using var h = new NicHarness();
        h.SetUpReceive(8, RctlEn | RctlBam, extended: false, tail: 7);
        var frame = TestFrames.Raw([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 28); // 42 bytes, like ARP
        h.Nic.Receive(frame);
        h.Nic.Service();
        Assert.Equal(64, h.Memory.ReadByte(NicHarness.RxRing + 8));       // 60 bytes + FCS
        Assert.Equal(0x07, h.Memory.ReadByte(NicHarness.RxRing + 12));
        Assert.Equal(NicHarness.RxBuffers, h.ReadRam(NicHarness.RxRing)); // buffer address kept
        var received = h.RamBytes(NicHarness.RxBuffers, 64);
        Assert.Equal(frame, received[..42]);
        Assert.All(received[42..60], b => Assert.Equal(0, b));
        // The FCS of a frame followed by its FCS leaves the CRC-32 residue 0xDEBB20E3 (IEEE 802.3 §3.2.9).
        Assert.Equal(0xDEBB_20E3u, Crc32Residue(received));
    }

    [Fact]
    public void Frames_for_other_stations_are_dropped_unless_promiscuous()
    {
        using var h = new NicHarness();
        h.SetUpReceive(8, RctlEn | RctlSecrc, extended: true, tail: 7);
        h.Nic.Receive(TestFrames.Raw([0x02, 0, 0, 0, 0, 9], 50));
        h.Nic.Receive(TestFrames.Raw([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 50)); // broadcast without BAM
        h.Nic.Receive(TestFrames.Raw([0x01, 0x00, 0x5E, 0, 0, 1], 50));        // multicast not in the MTA
        h.Nic.Service();
        Assert.Equal(0u, h.Read(0x2810));
        h.Write(0x0100, RctlEn | RctlSecrc | RctlUpe | RctlMpe);
        h.Nic.Receive(TestFrames.Raw([0x02, 0, 0, 0, 0, 9], 50));
        h.Nic.Receive(TestFrames.Raw([0x01, 0x00, 0x5E, 0, 0, 1], 50));
        h.Nic.Service();
        Assert.Equal(2u, h.Read(0x2810));
    }

    [Fact]
    public void A_multicast_address_is_accepted_when_its_mta_bit_is_set()
    {
        using var h = new NicHarness();
        h.SetUpReceive(8, RctlEn | RctlSecrc, extended: true, tail: 7);
        // 33:33:00:00:00:01 with MO=00 hashes bits 47:36 of the address: (0x00 >> 4) | (0x01 << 4) = 0x010.
        h.Write(0x5200 + 4 * (0x010 >> 5), 1u << (0x010 & 31));
        h.Nic.Receive(TestFrames.Raw([0x33, 0x33, 0, 0, 0, 1], 50));
        h.Nic.Receive(TestFrames.Raw([0x33, 0x33, 0, 0, 0, 2], 50));
        h.Nic.Service();
        Assert.Equal(1u, h.Read(0x2810));
    }

    [Fact]
    public void A_frame_longer_than_the_buffer_spans_descriptors_with_eop_on_the_last()
    {
        using var h = new NicHarness();
        h.SetUpReceive(8, RctlEn | RctlSecrc | (3u << 16), extended: true, tail: 7); // 256-byte buffers
        var frame = TestFrames.Raw(TestFrames.GuestMac, 586); // 600 bytes: 256 + 256 + 88
        h.Nic.Receive(frame);
        h.Nic.Service();
        Assert.Equal(3u, h.Read(0x2810));
        int[] lengths = [256, 256, 88];
        for (uint i = 0; i < 3; i++)
        {
            Assert.Equal((uint)lengths[i], h.ReadRam(NicHarness.RxRing + 16 * i + 12) & 0xFFFF);
            Assert.Equal(i == 2 ? 0x07u : 0x05u, h.ReadRam(NicHarness.RxRing + 16 * i + 8));
            Assert.Equal(frame.AsSpan(256 * (int)i, lengths[i]).ToArray(), h.RamBytes(NicHarness.RxBuffers + 2048 * i, lengths[i]));
        }
    }

    [Fact]
    public void Frames_wait_for_descriptors_and_arrive_in_order_when_the_tail_moves()
    {
        using var h = new NicHarness();
        h.SetUpReceive(4, RctlEn | RctlSecrc | RctlBam, extended: true, tail: 0); // no descriptors yet
        var first = TestFrames.Raw(TestFrames.GuestMac, 60);
        var second = TestFrames.Raw(TestFrames.GuestMac, 70);
        h.Nic.Receive(first);
        h.Nic.Receive(second);
        h.Nic.Service();
        Assert.Equal(0u, h.Read(0x2810));
        h.Write(0x2818, 1); // one descriptor
        Assert.Equal(1u, h.Read(0x2810));
        Assert.Equal(first, h.RamBytes(NicHarness.RxBuffers, first.Length));
        h.Write(0x2818, 3);
        Assert.Equal(2u, h.Read(0x2810));
        Assert.Equal(second, h.RamBytes(NicHarness.RxBuffers + 2048, second.Length));
        Assert.Equal(0, h.Nic.DroppedFrames);
    }

    [Fact]
    public void Frames_arriving_while_the_receiver_is_disabled_are_dropped()
    {
        using var h = new NicHarness();
        h.SetUpReceive(8, RctlSecrc | RctlBam, extended: true, tail: 7); // EN clear
        h.Nic.Receive(TestFrames.Raw(TestFrames.GuestMac, 60));
        h.Nic.Service();
        h.Write(0x0100, RctlEn | RctlSecrc | RctlBam);
        Assert.Equal(0u, h.Read(0x2810));
    }

    [Fact]
    public void Rxdmt0_is_raised_when_free_descriptors_reach_the_threshold()
    {
        using var h = new NicHarness();
        h.SetUpReceive(8, RctlEn | RctlSecrc, extended: true, tail: 5); // 5 free; RDMTS=00: half of 8 = 4
        h.Nic.Receive(TestFrames.Raw(TestFrames.GuestMac, 60));
        h.Nic.Service();
        Assert.Equal(0x10u, h.Read(0xC0) & 0x10);
    }

    private static uint Crc32Residue(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1;
        }
        return crc;
    }
}
