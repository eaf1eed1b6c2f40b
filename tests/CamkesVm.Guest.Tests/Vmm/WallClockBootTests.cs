using System.Globalization;
using System.Text.RegularExpressions;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// Our tickless kernel (CONFIG_NO_HZ_IDLE; the 8254 while booting, then the local APIC timer in one-shot mode) booted by
/// <c>camkes-vm run --time WallClock</c>: guest time is the host's, and every sleep the guest asks for ends.
/// </summary>
[Collection(VmmCollection.Name)]
public class WallClockBootTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Command = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Guest_sleeps_end_in_wall_clock_time()
    {
        using var vm = VmmGuest.Run(Path.Combine(RepoPaths.Root, "apps", "cma34cr_minimal"), "--time", "WallClock");
        var c = vm.Console;
        c.WaitFor("login:", Boot);
        await RootLogin.AtPrompt(c, Command);
        for (int i = 1; i <= 5; i++)
        {
            await c.SendLine($"sleep 1; echo slept-$((7*{i}))");       // the echoed line does not show the result
            c.WaitFor($"slept-{7 * i}\r\n", Command);
            c.WaitFor("# ", Command);
        }
        // Many short sleeps: one-shots of a few host milliseconds, each programmed just before the guest halts.
        await c.SendLine("i=0; while [ $i -lt 1000 ]; do usleep 500; i=$((i+1)); done; echo short-$((6*7))");
        c.WaitFor("short-42\r\n", Command);
        c.WaitFor("# ", Command);
        await c.SendLine("time sleep 3");
        var timed = c.WaitFor("# ", Command);
        var real = Regex.Match(timed, @"real\s+(\d+)m\s*([\d.]+)s");
        Assert.True(real.Success, c.Describe("no 'real' line from time"));
        double seconds = int.Parse(real.Groups[1].Value, CultureInfo.InvariantCulture) * 60
                         + double.Parse(real.Groups[2].Value, CultureInfo.InvariantCulture);
        // Guest time is host time: a 3 s sleep cannot end early, and it ends (the bound is only against a hang).
        Assert.True(seconds is >= 3.0 and < 60, c.Describe($"'time sleep 3' took {seconds} s of guest time"));
        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(Command));
    }
}
