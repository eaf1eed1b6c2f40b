using CamkesVm.Machine.Net;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>The in-process learning switch between two (and three) 82574L cards.</summary>
public class NetworkSwitchTests
{
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:0a"), B = MacAddress.Parse("02:00:00:00:00:0b");
    private const uint Rctl = (1u << 1) | (1u << 15) | (1u << 26); // EN, BAM, SECRC

    [Fact]
    public void A_frame_sent_by_one_card_lands_in_the_other_cards_receive_ring()
    {
        var lan = new NetworkSwitch("two-cards");
        using var a = new NicHarness(A, lan.CreatePort());
        using var b = new NicHarness(B, lan.CreatePort());
        b.SetUpReceive(8, Rctl, extended: true, tail: 7);
        a.SetUpTransmit(8);
        var frame = Frame(B, A, 100);
        a.Memory.Write(NicHarness.TxBuffers, frame);
        a.LegacyTx(0, NicHarness.TxBuffers, frame.Length, 0x0B); // EOP|IFCS|RS
        a.Write(0x3818, 1);
        b.Nic.Service();
        Assert.Equal(1u, b.Read(0x2810));
        Assert.Equal(frame, b.RamBytes(NicHarness.RxBuffers, frame.Length));
    }

    [Fact]
    public void Unknown_and_broadcast_destinations_flood_learned_ones_go_to_one_port_never_back()
    {
        var lan = new NetworkSwitch("learning");
        var seen = new[] { new Sink(), new Sink(), new Sink() };
        var ports = seen.Select(s => { var p = lan.CreatePort(); p.Attach(s); return p; }).ToArray();
        ports[1].Send(Frame(MacAddress.Broadcast, B, 10)); // B is on port 1; flooded to 0 and 2
        Assert.Equal([1, 0, 1], seen.Select(s => s.Count));
        ports[0].Send(Frame(B, A, 10));                     // learned: port 1 only
        Assert.Equal([1, 1, 1], seen.Select(s => s.Count));
        ports[1].Send(Frame(B, B, 10));                     // to itself: dropped
        Assert.Equal([1, 1, 1], seen.Select(s => s.Count));
        ports[2].Send(Frame(MacAddress.Parse("02:00:00:00:00:0c"), A, 10)); // unknown: flooded
        Assert.Equal([2, 2, 1], seen.Select(s => s.Count));
        ports[1].Dispose();
        ports[0].Send(Frame(B, A, 10));                     // B forgotten with its port: flooded to 2
        Assert.Equal([2, 2, 2], seen.Select(s => s.Count));
        Assert.Same(NetworkSwitch.Named("lan-x"), NetworkSwitch.Named("lan-x"));
    }

    private static byte[] Frame(MacAddress to, MacAddress from, int payload)
    {
        var f = new byte[14 + payload];
        to.CopyTo(f);
        from.CopyTo(f.AsSpan(6));
        f[12] = 0x88; f[13] = 0xB5;
        return f;
    }

    private sealed class Sink : IFrameReceiver
    {
        public int Count;
        public void Receive(ReadOnlySpan<byte> frame) => Count++;
    }
}
