using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests;

/// <summary>First programs: a loop summing 1..10 in 32-bit protected mode and in real mode.</summary>
public class CpuSmokeTests
{
    [Fact]
    public void Sums_one_to_ten_in_protected_mode()
    {
        using var m = new TestMachine();
        var a = new Assembler(32);
        var loop = a.CreateLabel();
        a.xor(eax, eax);
        a.mov(ecx, 10);
        a.Label(ref loop);
        a.add(eax, ecx);
        a.dec(ecx);
        a.jnz(loop);
        a.hlt();
        m.Load(a);
        m.EnterProtectedMode();
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(55u, m.Cpu.Eax);
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    [Fact]
    public void Runs_from_reset_vector_in_real_mode()
    {
        using var m = new TestMachine();
        // At reset CS base is FFFF0000; with 4 MiB of RAM nothing is there, so start at 0000:1000 instead.
        var a = new Assembler(16);
        a.mov(ax, 0x1234);
        a.mov(bx, 0x1111);
        a.add(ax, bx);
        a.push(ax);
        a.pop(dx);
        a.hlt();
        m.Load(a);
        m.Cpu.SetSegment(SegReg.CS, 0, 0, 0xFFFF, 0x9B);
        m.Cpu.SetSegment(SegReg.SS, 0, 0, 0xFFFF, 0x93);
        m.Cpu.Esp = 0x7000;
        m.Cpu.Eip = TestMachine.CodeBase;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(0x2345u, m.Cpu.Edx & 0xFFFF);
    }
}
