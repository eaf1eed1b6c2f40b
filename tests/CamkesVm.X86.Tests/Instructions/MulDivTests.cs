using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Support.Values;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// MUL, IMUL (one-, two- and three-operand forms), DIV and IDIV against the host CPU, including #DE for a zero
/// divisor and for quotients that do not fit. Flags: after MUL/IMUL only CF and OF are defined (SDM Vol. 2,
/// "MUL", "IMUL": SF, ZF, AF, PF undefined); after DIV/IDIV all six are undefined.
/// </summary>
public class MulDivTests
{
    private const uint MulFlags = Flags.CF | Flags.OF;

    [Theory]
    [InlineData("Mul")]
    [InlineData("Imul")]
    public void One_operand_multiply_matches_host(string op)
    {
        var rng = new Random(op.Length);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 1, 2, 4 })
            cases.AddRange(AluTests.PairCases(size, 20, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[0] = Place(regs[0], a, size);
                regs[3] = Place(regs[3], b, size);
                return (Instruction.Create(CodeOf(op, "rm{0}", size), Gpr(size, 3)), regs);
            }, MulFlags));
        Differential.AssertSameAsHost(cases);
    }

    [Fact]
    public void Two_and_three_operand_imul_match_host()
    {
        var rng = new Random(69);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 2, 4 })
        {
            cases.AddRange(AluTests.PairCases(size, 21, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[2] = Place(regs[2], a, size);
                regs[6] = Place(regs[6], b, size);
                return (Instruction.Create(CodeOf("Imul", "r{0}_rm{0}", size), Gpr(size, 2), Gpr(size, 0) + 6), regs);
            }, MulFlags));
            cases.AddRange(AluTests.PairCases(size, 22, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[1] = Place(regs[1], a, size);
                return (Instruction.Create(CodeOf("Imul", "r{0}_rm{0}_imm{0}", size), Gpr(size, 3), Gpr(size, 1), b), regs);
            }, MulFlags, random: 60));
            cases.AddRange(AluTests.PairCases(size, 23, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[1] = Place(regs[1], a, size);
                return (Instruction.Create(CodeOf("Imul", "r{0}_rm{0}_imm8", size), Gpr(size, 1), Gpr(size, 1), (int)(sbyte)b), regs);
            }, MulFlags, random: 60));
        }
        Differential.AssertSameAsHost(cases);
    }

    [Theory]
    [InlineData("Div")]
    [InlineData("Idiv")]
    public void Divide_matches_host_including_divide_error(string op)
    {
        var rng = new Random(op.Length * 3);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 1, 2, 4 })
        {
            var divisors = Mixed(size, 8, rng);
            var dividends = Mixed(size * 2 > 4 ? 4 : size * 2, 8, rng);
            foreach (uint divisor in divisors)
                foreach (uint low in dividends)
                    foreach (int highKind in new[] { 0, 1, 2 })
                    {
                        var regs = RandomRegs(rng);
                        if (size == 1) regs[0] = Place(regs[0], low, 2);
                        else
                        {
                            regs[0] = Place(regs[0], low, size);
                            // high half: zero, sign extension of the low half, or random (often #DE)
                            uint high = highKind switch
                            {
                                0 => 0,
                                1 => (low & SignBit(size)) != 0 ? Mask(size) : 0,
                                _ => Random32(rng) & Mask(size),
                            };
                            regs[2] = Place(regs[2], high, size);
                        }
                        regs[3] = Place(regs[3], divisor, size);
                        var code = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}", size), Gpr(size, 3)));
                        cases.Add(new CpuCase(code, regs, RandomStatusFlags(rng), 0));
                    }
        }
        Assert.Contains(HostOracle.Instance.Run(cases), r => r.Exception == "#DE");
        Differential.AssertSameAsHost(cases);
    }
}
