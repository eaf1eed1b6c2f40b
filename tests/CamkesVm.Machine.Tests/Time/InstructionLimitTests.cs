using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Machine.Tests.Time;

/// <summary>
/// <see cref="MachineOptions.InstructionLimit"/> (<c>camkes-vm run --max-instructions N</c>) stops the guest after
/// exactly N instructions, even when N is far below a time slice.
/// </summary>
public class InstructionLimitTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(123_457)]
    [InlineData(3_000_001)]
    public void A_busy_guest_stops_after_exactly_the_limit(long limit)
    {
        using var machine = new PcMachine(new MachineOptions { MemoryMb = 16, InstructionLimit = limit });
        var a = new Assembler(32);
        var loop = a.CreateLabel();
        a.xor(eax, eax);
        a.Label(ref loop);
        a.add(eax, 1);                      // a counting loop of two instructions per pass
        a.jmp(loop);
        machine.Memory.Write(0x10_0000, AssembledCode.Bytes(a, 0x10_0000));
        FlatProtectedMode.Enter(machine.Cpu, machine.Memory, new BootEntry(0x10_0000));

        var exit = machine.Run();

        Assert.Equal(MachineExitKind.Stopped, exit.Kind);
        Assert.Equal(limit, machine.Cpu.InstructionCount);
        // xor, then (add, jmp) pairs: after N instructions EAX counts the adds executed.
        Assert.Equal((uint)(limit / 2), machine.Cpu.Eax);
    }
}
