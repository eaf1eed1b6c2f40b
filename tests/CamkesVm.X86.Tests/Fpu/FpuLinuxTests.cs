using CamkesVm.X86.Fpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Fpu.FpuProgram;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// What Linux 6.1 does with the x87 at boot and on context switches: the Pentium FDIV check of
/// arch/x86/kernel/fpu/bugs.c (x − (x / y) · y must be 0 for x = 4195835, y = 3145727), the
/// FNINIT/FNSTSW/FNSTCW probe, and FNSAVE/FRSTOR of a live register stack.
/// </summary>
public class FpuLinuxTests
{
    [Fact]
    public void Fdiv_bug_check_gives_zero_like_the_host()
    {
        var operand = new byte[16];
        Bytes(4195835.0).CopyTo(operand, 0);
        Bytes(3145727.0).CopyTo(operand, 8);
        var c = Case(Extended, [], a =>
        {
            a.fld(__qword_ptr[ebx + OperandAt]);
            a.fdiv(__qword_ptr[ebx + OperandAt + 8]);
            a.fmul(__qword_ptr[ebx + OperandAt + 8]);
            a.fld(__qword_ptr[ebx + OperandAt]);
            a.fsubp(st1, st0);
            a.fistp(__dword_ptr[ebx + OperandAt + 0x10]);
            a.wait();
        }, operand);
        using var guest = new GuestRunner();
        var ours = guest.Execute(c);
        Assert.Null(ours.Exception);
        Assert.Equal(0, BitConverter.ToInt32(ours.Memory, OperandAt + 0x10));
        FpuDifferential.AssertSameAsHost([c]);
    }

    [Fact]
    public void Probe_sequence_reads_the_fninit_state()
    {
        // fninit; fnstsw ax; mov [operand], ax; fnstcw [operand+2]: SDM Vol. 1, 8.1.5 / Table 8-10: CW 037F, SW 0.
        var c = Case(Extended, [], a =>
        {
            a.fninit();
            a.mov(eax, 0x5A5A_5A5A);
            a.fnstsw(ax);
            a.mov(__word_ptr[ebx + OperandAt], ax);
            a.fnstcw(__word_ptr[ebx + OperandAt + 2]);
        });
        using var guest = new GuestRunner();
        var ours = guest.Execute(c);
        Assert.Equal(0x5A5A_0000u, ours.Regs[0]);
        Assert.Equal(0x037F, BitConverter.ToUInt16(ours.Memory, OperandAt + 2));
        Assert.Equal(0xFFFF, SavedTags(ours.Memory) & 0xFFFF);
        FpuDifferential.AssertSameAsHost([c]);
    }

    public static Float80[] Stack3 => [X(1.5), X(-0.0), new Float80(0xC90F_DAA2_2168_C235, 0x4000)];

    [Fact]
    public void Fsave_frstor_round_trip_restores_registers_tags_and_words()
    {
        // Save with 3 values, a non-default CW and exception flags, clobber, restore, save again at the operand area.
        var c = Case(0x0A7F, Stack3, a =>
        {
            a.fld1();
            a.fldz();
            a.fdiv(st0, st1);                       // 0/1: fine; then 1/0 for ZE
            a.fdivr(st0, st1);
            a.fnsave(__[ebx + OperandAt - 0x48]);   // 0x08..0x73 overlaps inputs (already consumed)
            a.fld1();
            a.fldpi();
            a.frstor(__[ebx + OperandAt - 0x48]);
        });
        using var guest = new GuestRunner();
        var ours = guest.Execute(c);
        Assert.Null(ours.Exception);
        Assert.Equal(0x0A7F, BitConverter.ToUInt16(ours.Memory, SaveAt) & 0x1F7F);
        Assert.Equal(3, (SavedStatus(ours.Memory) >> 11) & 7);            // five values pushed: TOP = 3
        Assert.NotEqual(0, SavedStatus(ours.Memory) & FpuExceptions.ZeroDivide);
        Assert.Equal(X(1.5), SavedRegister(ours.Memory, 4));
        Assert.Equal(Float80.PositiveInfinity, SavedRegister(ours.Memory, 0));
        FpuDifferential.AssertSameAsHost([c], (OperandAt - 0x48, 108));   // the intermediate image: addresses and stale empty registers
    }
}
