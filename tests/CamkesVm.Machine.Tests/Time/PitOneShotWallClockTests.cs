using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Tests.Time;

/// <summary>
/// A guest using the 8254 as a one-shot clock event and halting between events (what a tickless Linux without an
/// APIC does) must get every interrupt it asked for, whatever the host clock does between the programming of a
/// count and the HLT: each one-shot's OUT transition is an IRQ0 edge (Intel 8254 datasheet, modes 0 and 4).
/// </summary>
public class PitOneShotWallClockTests
{
    private const int Events = 3000;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(4, TimeMode.WallClock)]   // Linux's oneshot mode (0x38)
    [InlineData(0, TimeMode.WallClock)]
    [InlineData(4, TimeMode.Virtual)]
    [InlineData(0, TimeMode.Virtual)]
    public void Every_short_one_shot_wakes_the_halted_guest(int mode, TimeMode time)
    {
        using var machine = new PcMachine(new MachineOptions { MemoryMb = 16, TimeMode = time });
        PitOneShotGuest.Load(machine, mode, Events);
        MachineExit? exit = null;
        var run = new Thread(() => exit = machine.Run()) { IsBackground = true, Name = "one-shot guest" };
        run.Start();
        bool finished = run.Join(Limit);
        uint taken = machine.Memory.ReadUInt32(PitOneShotGuest.TakenAddress);
        if (!finished)
        {
            machine.Stop("test timed out");
            run.Join(TimeSpan.FromSeconds(30));
        }
        Assert.True(finished, $"the guest waited for ever after {taken} of {Events} one-shot interrupts (mode {mode}, {time})");
        Assert.Equal(MachineExitKind.DebugExit, exit!.Value.Kind);
        Assert.Equal(PitOneShotGuest.ExitCode << 1 | 1, exit.Value.Status);
        Assert.Equal((uint)Events, taken);
    }
}
