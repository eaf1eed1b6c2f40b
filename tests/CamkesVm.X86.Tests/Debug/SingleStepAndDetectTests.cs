using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Debug.DebugHarness;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Debug;

/// <summary>
/// Single-step, general detect and CR4.DE per Intel SDM Vol. 3B, chapter 17: TF traps after each instruction
/// executed while it is set, but not after the instruction that sets it (17.3.1.4, EFLAGS.TF in Vol. 3A 2.3);
/// conditions of one instruction are reported in one #DB; DR7.GD makes MOV DR a #DB fault with DR6.BD and GD
/// cleared for the handler (17.2.4, 17.3.1.2), pushed with RF = 1 like every fault other than an instruction
/// breakpoint (17.3.1.1); with CR4.DE, DR4/DR5 raise #UD, without it they alias DR6/DR7 (17.2.2).
/// </summary>
public class SingleStepAndDetectTests
{
    [Fact]
    public void TF_set_by_POPF_traps_after_each_following_instruction_including_the_POPF_that_clears_it()
    {
        using var h = new DebugHarness();
        var a = new Assembler(32);
        a.pushfd();
        a.or(__dword_ptr[esp], 0x100);
        a.popfd();                                    // sets TF: no trap after this one
        a.nop();
        var l1 = Mark(a);
        a.nop();
        var l2 = Mark(a);
        a.pushfd();
        var l3 = Mark(a);
        a.and(__dword_ptr[esp], ~0x100);
        var l4 = Mark(a);
        a.popfd();                                    // clears TF, but TF was set while it executed: trap
        var l5 = Mark(a);
        a.nop();
        a.hlt();
        var r = h.Load(a);

        var hits = h.Run();

        var expected = new[] { l1, l2, l3, l4, l5 }.Select(l => (uint)r.GetLabelRIP(l)).ToArray();
        Assert.Equal(expected, hits.Select(x => x.Eip).ToArray());
        Assert.All(hits, x => Assert.True(x.SingleStep && x.BreakpointBits == 0, x.ToString()));
        Assert.All(hits.Take(4), x => Assert.True((x.Eflags & 0x100) != 0, x.ToString()));
        Assert.Equal(0u, hits[4].Eflags & 0x100);
    }

    [Fact]
    public void Single_step_and_a_data_breakpoint_on_one_instruction_are_one_debug_exception()
    {
        using var h = new DebugHarness();
        var a = new Assembler(32);
        a.mov(__dword_ptr[0x4000], eax);
        var after = Mark(a);
        a.pushfd();
        a.and(__dword_ptr[esp], ~0x100);
        a.popfd();
        a.hlt();
        uint next = (uint)h.Load(a).GetLabelRIP(after);
        h.M.Cpu.SetDebugRegister(1, 0x4000);
        h.M.Cpu.SetDebugRegister(7, Dr7Enable(1, rw: 1, length: 4));
        h.M.Cpu.Eflags |= 0x100;

        var hits = h.Run();

        Assert.Equal(4, hits.Count);                   // after MOV, PUSHFD, AND, POPFD
        Assert.Equal(next, hits[0].Eip);
        Assert.True(hits[0].SingleStep);
        Assert.Equal(0b10u, hits[0].BreakpointBits);
        Assert.All(hits.Skip(1), x => Assert.Equal(0u, x.BreakpointBits));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void General_detect_faults_on_MOV_DR_with_BD_and_clears_GD_for_the_handler(bool write)
    {
        using var h = new DebugHarness();
        var a = new Assembler(32);
        a.mov(eax, 0x1234);
        var target = Mark(a);
        if (write) a.mov(dr0, eax);
        else a.mov(ecx, dr1);
        a.mov(ebx, 1);
        a.hlt();
        uint at = (uint)h.Load(a).GetLabelRIP(target);
        h.M.Cpu.SetDebugRegister(1, 0xABCD);
        h.M.Cpu.SetDebugRegister(7, 0x400 | 0x2000);

        var hits = h.Run();

        var x = Assert.Single(hits);
        Assert.True(x.GeneralDetect, x.ToString());
        Assert.Equal(at, x.Eip);                       // a fault: the MOV has not run
        Assert.Equal(0u, x.Dr7 & 0x2000);              // GD cleared on entry so the handler may use the registers
        Assert.True(x.ResumeFlag, x.ToString());
        Assert.Equal(1u, h.M.Cpu.Ebx);                 // re-executed without GD after IRET
        if (write) Assert.Equal(0x1234u, h.M.Cpu.GetDebugRegister(0));
        else Assert.Equal(0xABCDu, h.M.Cpu.Ecx);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    public void CR4_DE_makes_DR4_and_DR5_undefined_opcodes(int n, bool write)
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        var a = new Assembler(32);
        if (write) a.mov(n == 4 ? dr4 : dr5, eax);
        else a.mov(eax, n == 4 ? dr4 : dr5);
        a.hlt();
        m.Load(a);
        m.Cpu.Cr4 = CrBits.DE;

        m.RunToHalt(1000);

        Assert.Equal(6, m.RecordedException);
        Assert.Equal(TestMachine.CodeBase, m.RecordedEip);
    }

    [Fact]
    public void Without_CR4_DE_DR4_and_DR5_alias_DR6_and_DR7_and_reserved_bits_read_fixed()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        var a = new Assembler(32);
        a.xor(eax, eax);
        a.mov(dr4, eax);                               // DR6 := 0 → reads FFFF0FF0 (P6: bits 4–11, 16–31 are 1)
        a.mov(ebx, dr6);
        a.mov(eax, 0x0000_0001u);
        a.mov(dr5, eax);                               // DR7 := L0 → bit 10 reads 1
        a.mov(ecx, dr7);
        a.mov(edx, dr5);
        a.hlt();
        m.Load(a);

        m.RunToHalt(1000);

        Assert.Null(m.RecordedException);
        Assert.Equal(0xFFFF_0FF0u, m.Cpu.Ebx);
        Assert.Equal(0x401u, m.Cpu.Ecx);
        Assert.Equal(0x401u, m.Cpu.Edx);
    }

    [Fact]
    public void MOV_DR_at_CPL3_is_a_general_protection_fault()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        var a = new Assembler(32);
        a.mov(eax, dr7);
        a.hlt();
        m.Load(a);
        m.LoadTss(0x7000);
        m.EnterUserSegments();

        m.RunToHalt(1000);

        Assert.Equal(13, m.RecordedException);
        Assert.Equal(0u, m.RecordedErrorCode);
    }
}
