using System.Diagnostics;
using CamkesVm.Machine.Threading;

namespace CamkesVm.Machine.Tests.Threading;

/// <summary>The spin-then-block policy of cross-thread waits (Threading/SpinBeforeBlock.cs).</summary>
public class SpinBeforeBlockTests
{
    [Fact]
    public void A_condition_that_comes_true_while_spinning_is_a_hit()
    {
        // true at the second look, a few nanoseconds in; a test thread preempted for the whole spin time in
        // between would see a miss, so the test allows that to happen a few times in a row
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var spin = new SpinBeforeBlock();
            int asked = 0;
            bool seen = spin.Spin(() => ++asked == 2);
            Assert.Equal(seen ? 1 : 0, spin.Hits);
            Assert.Equal(seen ? 0 : 1, spin.Misses);
            if (!seen) continue;
            Assert.Equal(2, asked);
            return;
        }
        Assert.Fail("five spins in a row missed a condition that came true at once");
    }

    [Fact]
    public void A_condition_that_stays_false_ends_the_spin_after_the_spin_time()
    {
        var spin = new SpinBeforeBlock();
        var wall = Stopwatch.StartNew();
        Assert.False(spin.Spin(() => false));
        Assert.True(wall.Elapsed >= SpinBeforeBlock.SpinTime, $"gave up after {wall.Elapsed.TotalMicroseconds:F0} µs");
        Assert.Equal(1, spin.Misses);
    }

    [Fact]
    public void After_almost_only_missed_spins_it_blocks_at_once_and_spins_again_only_now_and_then()
    {
        if (Environment.ProcessorCount < 2) return;           // one core: never spins (covered by the policy itself)
        var spin = new SpinBeforeBlock();
        while (spin.Skipped == 0) spin.Spin(() => false);       // misses until the hit rate is under one in eight
        long missesWhenOff = spin.Misses;
        Assert.InRange(missesWhenOff, 2, 32);
        int asked = 0;
        for (int i = 1; i < SpinBeforeBlock.RetryEvery - 1; i++)
            Assert.False(spin.Spin(() => { asked++; return false; }));
        Assert.Equal(SpinBeforeBlock.RetryEvery - 2, asked);   // each skipped wait only looked once
        Assert.Equal(missesWhenOff, spin.Misses);
        Assert.True(spin.Spin(() => true));                    // the retry: a hit
        Assert.Equal(1, spin.Hits);
        long skipped = spin.Skipped;
        spin.Spin(() => false);                                // the hit rate is back over the bar: this one spins
        Assert.Equal(skipped, spin.Skipped);
        Assert.Equal(missesWhenOff + 1, spin.Misses);
    }
}
