using System.Buffers.Binary;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>The transmit ring (82574 datasheet §7.2): legacy, context and data descriptors, checksum offload and TSO.</summary>
public class Intel82574LTransmitTests
{
    private const byte Eop = 0x01, Ifcs = 0x02, Ic = 0x04, Rs = 0x08, Dext = 0x20, Tse = 0x04;

    [Fact]
    public void A_legacy_descriptor_chain_is_sent_as_one_frame_with_dd_written_back()
    {
        using var h = new NicHarness();
        h.SetUpTransmit(8);
        var frame = TestFrames.Raw(TestFrames.PeerMac, 100);
        h.Memory.Write(NicHarness.TxBuffers, frame.AsSpan(0, 50));
        h.Memory.Write(NicHarness.TxBuffers + 0x1000, frame.AsSpan(50));
        h.LegacyTx(0, NicHarness.TxBuffers, 50, Ifcs);
        h.LegacyTx(1, NicHarness.TxBuffers + 0x1000, frame.Length - 50, Eop | Ifcs | Rs);
        h.Write(0xD0, 0x03);
        h.Write(0x3818, 2);
        Assert.Equal(frame, Assert.Single(h.Backend.Sent));
        Assert.Equal(2u, h.Read(0x3810));
        Assert.Equal(0, h.Memory.ReadByte(NicHarness.TxRing + 12) & 1); // no RS: not written back
        Assert.Equal(1, h.Memory.ReadByte(NicHarness.TxRing + 16 + 12) & 1);
        Assert.True(h.Line.Level);
        Assert.Equal(0x8000_0003u, h.Read(0xC0)); // TXDW | TXQE
    }

    [Fact]
    public void The_backend_hears_the_end_of_each_tail_write_that_sent_frames()
    {
        using var h = new NicHarness();
        h.SetUpTransmit(8);
        var frame = TestFrames.Raw(TestFrames.PeerMac, 46);
        h.Memory.Write(NicHarness.TxBuffers, frame);
        for (int i = 0; i < 3; i++) h.LegacyTx(i, NicHarness.TxBuffers, frame.Length, Eop | Rs);
        h.Write(0x3818, 2);
        h.Write(0x3818, 2); // nothing new
        h.Write(0x3818, 3);
        Assert.Equal([2, 3], h.Backend.BatchEnds);
    }

    [Fact]
    public void Nothing_is_sent_while_tctl_en_is_clear_and_the_ring_wraps()
    {
        using var h = new NicHarness();
        h.SetUpTransmit(8);
        h.Write(0x0400, 0);
        var frame = TestFrames.Raw(TestFrames.PeerMac, 46);
        h.Memory.Write(NicHarness.TxBuffers, frame);
        for (int i = 0; i < 8; i++) h.LegacyTx(i, NicHarness.TxBuffers, frame.Length, Eop | Rs);
        h.Write(0x3810, 6); h.Write(0x3818, 2);
        Assert.Empty(h.Backend.Sent);
        h.Write(0x0400, 0x0A);
        Assert.Equal(4, h.Backend.Sent.Count);
        Assert.Equal(2u, h.Read(0x3810));
    }

    [Fact]
    public void Legacy_insert_checksum_stores_the_sum_from_css_at_cso()
    {
        using var h = new NicHarness();
        h.SetUpTransmit(8);
        var frame = TestFrames.Raw(TestFrames.PeerMac, 40);
        frame[20] = frame[21] = 0; // the checksum field starts as zero
        h.Memory.Write(NicHarness.TxBuffers, frame);
        h.LegacyTx(0, NicHarness.TxBuffers, frame.Length, Eop | Ic | Rs, cso: 20, css: 14);
        h.Write(0x3818, 1);
        var sent = Assert.Single(h.Backend.Sent);
        Assert.Equal(0xFFFF, TestFrames.OnesSum(sent.AsSpan(14)));
    }

    [Fact]
    public void Context_and_data_descriptors_offload_ip_and_tcp_checksums()
    {
        using var h = new NicHarness();
        h.SetUpTransmit(8);
        var frame = TestFrames.Tcp(100, 1000, 0x18);
        // As the Linux stack does for CHECKSUM_PARTIAL, the TCP field holds the pseudo-header sum (with the length).
        var pseudo = new byte[12];
        frame.AsSpan(26, 8).CopyTo(pseudo); pseudo[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)(frame.Length - 34));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(50), TestFrames.OnesSum(pseudo));
        h.Memory.Write(NicHarness.TxBuffers, frame);
        h.RawTx(0, Context(ipcss: 14, ipcso: 24, ipcse: 33, tucss: 34, tucso: 50, tucmd: 0x03 | Rs | Dext, hdrlen: 0, mss: 0, paylen: 0));
        h.RawTx(1, Data(NicHarness.TxBuffers, frame.Length, Eop | Ifcs | Rs | Dext, popts: 0x03));
        h.Write(0x3818, 2);
        Assert.True(TestFrames.ChecksumsVerify(Assert.Single(h.Backend.Sent)));
    }

    [Fact]
    public void Tcp_segmentation_cuts_mss_sized_frames_with_fixed_headers()
    {
        using var h = new NicHarness();
        h.SetUpTransmit(8);
        var packet = TestFrames.Tcp(2500, 5000, 0x19); // FIN|PSH|ACK on the large packet
        h.Memory.Write(NicHarness.TxBuffers, packet);
        h.RawTx(0, Context(ipcss: 14, ipcso: 24, ipcse: 33, tucss: 34, tucso: 50, tucmd: 0x03 | Tse | Rs | Dext, hdrlen: 54, mss: 1000, paylen: 2500));
        h.RawTx(1, Data(NicHarness.TxBuffers, 54, Ifcs | Tse | Dext, popts: 0x03));
        h.RawTx(2, Data(NicHarness.TxBuffers + 54, 2500, Eop | Ifcs | Tse | Rs | Dext, popts: 0));
        h.Write(0x3818, 3);
        Assert.Equal(3, h.Backend.Sent.Count);
        int[] payloads = [1000, 1000, 500];
        for (int i = 0; i < 3; i++)
        {
            var f = h.Backend.Sent[i];
            Assert.Equal(54 + payloads[i], f.Length);
            Assert.Equal(40 + payloads[i], BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(16)));
            Assert.Equal(0x1000 + i, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(18)));
            Assert.Equal(5000u + 1000u * (uint)i, BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(38)));
            Assert.Equal(i == 2 ? 0x19 : 0x10, f[47]);
            Assert.Equal(packet.AsSpan(54 + 1000 * i, payloads[i]).ToArray(), f.AsSpan(54).ToArray());
            Assert.True(TestFrames.ChecksumsVerify(f), $"checksums of segment {i}");
        }
    }

    private static byte[] Context(byte ipcss, byte ipcso, ushort ipcse, byte tucss, byte tucso, byte tucmd, byte hdrlen, ushort mss, int paylen)
    {
        var d = new byte[16];
        d[0] = ipcss; d[1] = ipcso; BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(2), ipcse);
        d[4] = tucss; d[5] = tucso;
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(8), (uint)paylen | (uint)tucmd << 24);
        d[13] = hdrlen; BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(14), mss);
        return d;
    }

    private static byte[] Data(uint buffer, int length, byte dcmd, byte popts)
    {
        var d = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(d, buffer);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(8), (uint)length | 1u << 20 | (uint)dcmd << 24);
        d[13] = popts;
        return d;
    }
}
