using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using CamkesVm.Machine.Net;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>A fact that is skipped, saying why, where a TAP interface cannot be created (not root, no /dev/net/tun).</summary>
public sealed class TapFactAttribute : FactAttribute
{
    public TapFactAttribute()
    {
        if (TapBackend.Unavailable() is { } why) Skip = $"TAP backend not testable here: {why}";
    }
}

/// <summary>The TAP backend against the host kernel: the kernel answers our ARP request on the interface.</summary>
public class TapBackendTests
{
    [TapFact]
    public void The_host_kernel_answers_an_arp_request_sent_through_the_tap()
    {
        const string name = "cvmtest0";
        using var tap = new TapBackend(name);
        var frames = new Collector();
        tap.Attach(frames);
        Ip($"addr add 10.213.0.1/24 dev {name}");
        Ip($"link set {name} up");
        byte[] mac = [0x02, 0x00, 0x00, 0x00, 0x21, 0x02];
        var request = new byte[42];
        request.AsSpan(0, 6).Fill(0xFF);
        mac.CopyTo(request, 6);
        request[12] = 0x08; request[13] = 0x06;
        new byte[] { 0, 1, 8, 0, 6, 4, 0, 1 }.CopyTo(request, 14);
        mac.CopyTo(request, 22);
        new byte[] { 10, 213, 0, 2 }.CopyTo(request, 28);
        new byte[] { 10, 213, 0, 1 }.CopyTo(request, 38);
        tap.Send(request);
        var reply = frames.WaitFor(f => f.Length >= 42 && f[12] == 0x08 && f[13] == 0x06 && BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(20)) == 2);
        Assert.Equal(mac, reply[..6]);
        Assert.Equal(new byte[] { 10, 213, 0, 1 }, reply[28..32]);
        Assert.Equal(new byte[] { 10, 213, 0, 2 }, reply[38..42]);
    }

    [Fact]
    public void A_bad_interface_name_is_refused_with_a_clear_message()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new TapBackend("a-name-that-is-far-too-long"));
        Assert.Contains("1 to 15 characters", e.Message);
    }

    private static void Ip(string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true })!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ip {arguments}: {error}");
    }

    private sealed class Collector : IFrameReceiver
    {
        private readonly BlockingCollection<byte[]> _frames = [];

        public void Receive(ReadOnlySpan<byte> frame) => _frames.Add(frame.ToArray());

        public byte[] WaitFor(Func<byte[], bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (_frames.TryTake(out var f, deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
                if (match(f)) return f;
            throw new TimeoutException("no matching frame arrived from the TAP within 10 s");
        }
    }
}
