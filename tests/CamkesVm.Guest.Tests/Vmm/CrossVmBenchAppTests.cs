using System.Globalization;
using System.Text.RegularExpressions;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// The cross-VM benchmark app (apps/xvm_bench with linux/pkg/camkes_bench) gives correct answers, whatever its speed:
/// every round trip's reply carries the sequence number of its request, and every 1 MiB chunk the guest copies in
/// is checksummed by the native EchoServer and comes back complemented. Timing is bench/CamkesVm.Bench's job.
/// </summary>
[Collection(VmmCollection.Name)]
public class CrossVmBenchAppTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10), Command = TimeSpan.FromMinutes(3);
    private const int ChunkWords = 1024 * 1024 / 4;

    private static async Task<string> Run(SerialConsole c, string command)
    {
        int before = c.Transcript.Length;
        await c.SendLine(command);
        c.WaitFor("# ", Command);
        return c.Transcript[before..];
    }

    /// <summary>
    /// What camkes_bench's copy must report for <paramref name="chunks"/> chunks: chunk k is the program's xorshift32
    /// source (seed 2463534242) with word 0 replaced by k; the native side returns each word complemented, so the
    /// guest reads back the sum −words − sum(chunk); the total over all chunks, modulo 2³².
    /// </summary>
    private static uint ExpectedCopySum(int chunks)
    {
        uint seed = 2463534242, rest = 0;
        for (int i = 0; i < ChunkWords; i++)
        {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            if (i > 0) rest += seed;
        }
        uint total = 0;
        for (uint k = 0; k < chunks; k++) total += unchecked(0u - ChunkWords - (rest + k));
        return total;
    }

    [Fact]
    public async Task Round_trips_match_their_requests_and_copied_chunks_come_back_checked_by_the_native_side()
    {
        using var vm = VmmGuest.Run(Path.Combine(RepoPaths.Root, "apps", "xvm_bench"));
        var c = vm.Console;
        c.WaitFor("login:", Boot);
        await RootLogin.AtPrompt(c, Command);

        var rtt = await Run(c, "camkes_bench rtt 300");
        Assert.Contains("camkes_bench: rtt start n=300", rtt);
        Assert.Matches(new Regex(@"camkes_bench: rtt done n=300 ok=300\r?\n"), rtt);
        Assert.Matches(new Regex(@"camkes_bench: rtt done n=50 ok=50\r?\n"), await Run(c, "camkes_bench rtt-spin 50"));

        var copy = await Run(c, "camkes_bench copy 3");
        var done = Regex.Match(copy, @"camkes_bench: copy done bytes=(\d+) chunks=(\d+) ok=(\d+) sum=0x([0-9a-f]+)");
        Assert.True(done.Success, $"no copy done line in:\n{copy}");
        Assert.Equal(("3145728", "3", "3"), (done.Groups[1].Value, done.Groups[2].Value, done.Groups[3].Value));
        Assert.Equal(ExpectedCopySum(3), uint.Parse(done.Groups[4].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Contains("usage: camkes_bench rtt N", await Run(c, "camkes_bench rtt zero"));
        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(Command));
    }
}
