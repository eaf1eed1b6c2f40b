using CamkesVm.X86.Cpu;
using Iced.Intel;

namespace CamkesVm.X86.Tests.Support;

/// <summary>The oracle itself reports what the SDM says for well-known cases (so differential tests are not vacuous).</summary>
public class HostOracleTests
{
    [Fact]
    public void Reports_result_and_flags_of_an_add_that_wraps()
    {
        var code = Disassembly.Encode(Instruction.Create(Code.Add_rm32_r32, Register.EAX, Register.ECX));
        var r = HostOracle.Instance.Run([new CpuCase(code, [0xFFFF_FFFF, 1, 0, 0, 0, 0, 0], 0, Sdm.StatusFlags)])[0];
        Assert.Null(r.Exception);
        Assert.Equal(0u, r.Regs[0]);
        Assert.Equal(Flags.CF | Flags.PF | Flags.AF | Flags.ZF, r.Eflags & Sdm.StatusFlags);
    }

    [Fact]
    public void Reports_divide_error()
    {
        var code = Disassembly.Encode(Instruction.Create(Code.Div_rm32, Register.ECX));
        var r = HostOracle.Instance.Run([new CpuCase(code, [5, 0, 0, 0, 0, 0, 0], 0, 0)])[0];
        Assert.Equal("#DE", r.Exception);
    }

    [Fact]
    public void Difference_sees_a_wrong_flag()
    {
        var c = new CpuCase([0x90], [0, 0, 0, 0, 0, 0, 0], 0, Sdm.StatusFlags);
        var a = new CpuOutcome([0, 0, 0, 0, 0, 0, 0], Flags.CF, null, []);
        var b = new CpuOutcome([0, 0, 0, 0, 0, 0, 0], 0, null, []);
        Assert.NotNull(a.Difference(b, c));
        Assert.Null(a.Difference(b, c with { FlagMask = 0 }));
    }
}
