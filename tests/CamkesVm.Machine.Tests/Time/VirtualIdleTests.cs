using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Tests.Support;
using CamkesVm.Machine.Time;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Machine.Tests.Time;

/// <summary>
/// How a halted guest spends virtual time (PcMachine.Run.cs, IdleVirtual): with nothing but its timer it sleeps
/// until the host clock reaches the deadline and then sees exactly the deadline (deterministic); woken earlier by
/// host work (a native component's reply, console input) it sees only the host time that passed, not a jump to
/// its next timer, which would run guest time ahead of the host on every cross-VM round trip.
/// </summary>
public class VirtualIdleTests
{
    private const uint Origin = 0x10_0000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_halted_guest_sleeps_until_its_deadline_and_then_sees_exactly_it()
    {
        using var machine = HaltingGuest();
        const long deadline = 60_000_000;                     // 60 ms of guest time
        long seenAt = -1, hostAt = -1;
        var timer = machine.Clock.CreateTimer("test deadline", _ =>
        {
            seenAt = machine.Clock.NowNs;
            hostAt = machine.Clock.HostNowNs;
            machine.Stop("deadline seen");
        });
        timer.Arm(deadline);
        RunToExit(machine);
        Assert.Equal(deadline, seenAt);
        // the wait has millisecond granularity and rounds down: the host clock is at most 1 ms short of the deadline
        Assert.True(hostAt >= deadline - 1_000_000, $"the idle guest reached its 60 ms deadline after only {hostAt / 1e6:F1} ms of host time");
    }

    [Fact]
    public void Host_work_that_wakes_a_halted_guest_early_does_not_skip_guest_time_to_the_deadline()
    {
        using var machine = HaltingGuest();
        const long deadline = 20_000_000_000;                 // 20 s of guest time: far beyond the test
        machine.Clock.CreateTimer("far deadline", _ => { }).Arm(deadline);
        long seenAt = -1;
        var run = new Thread(() => machine.Run()) { IsBackground = true, Name = "halting guest" };
        run.Start();
        Thread.Sleep(100);
        machine.Post(() =>
        {
            seenAt = machine.Clock.NowNs;
            machine.Stop("woken by host work");
        });
        Assert.True(run.Join(Limit), "the machine did not stop after the posted work");
        Assert.InRange(seenAt, 50_000_000, 10_000_000_000);   // about the 100 ms that passed, nowhere near 20 s
    }

    /// <summary>A machine whose guest loops on <c>sti; hlt</c> with no interrupt source, in virtual time.</summary>
    private static PcMachine HaltingGuest()
    {
        var machine = new PcMachine(new MachineOptions { MemoryMb = 16, TimeMode = TimeMode.Virtual });
        var a = new Assembler(32);
        var loop = a.CreateLabel();
        a.sti();
        a.Label(ref loop);
        a.hlt();
        a.jmp(loop);
        machine.Memory.Write(Origin, AssembledCode.Bytes(a, Origin));
        FlatProtectedMode.Enter(machine.Cpu, machine.Memory, new BootEntry(Origin));
        return machine;
    }

    private static void RunToExit(PcMachine machine)
    {
        var run = new Thread(() => machine.Run()) { IsBackground = true, Name = "halting guest" };
        run.Start();
        if (run.Join(Limit)) return;
        machine.Stop("test timed out");
        run.Join(Limit);
        Assert.Fail("the halted guest never reached its deadline");
    }
}
