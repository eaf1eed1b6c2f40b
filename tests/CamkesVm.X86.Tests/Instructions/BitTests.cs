using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Support.Values;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// BT BTS BTR BTC (register and imm8 bit offsets), BSF, BSR and BSWAP against the host CPU.
/// SDM Vol. 2 "BT": CF is the bit, ZF unaffected, OF SF AF PF undefined; "BSF"/"BSR": ZF defined, the others
/// undefined, and the destination is undefined when the source is zero.
/// </summary>
public class BitTests
{
    public static TheoryData<string> BitOps => new() { "Bt", "Bts", "Btr", "Btc" };

    [Theory, MemberData(nameof(BitOps))]
    public void Bit_test_forms_match_host(string op)
    {
        var rng = new Random(op.GetHashCode(StringComparison.Ordinal) & 0xFFF);
        var cases = new List<CpuCase>();
        uint mask = Flags.CF | Flags.ZF;
        foreach (int size in new[] { 2, 4 })
            foreach (uint v in Mixed(size, 6, rng))
                foreach (int bit in new[] { 0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 127, 255, -1, -32, 1000 })
                {
                    var regs = RandomRegs(rng);
                    regs[0] = Place(regs[0], v, size);
                    regs[1] = Place(regs[1], (uint)bit, size);
                    var r = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_r{0}", size), Gpr(size, 0), Gpr(size, 1)));
                    cases.Add(new CpuCase(r, regs, RandomStatusFlags(rng), mask));
                    var imm = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_imm8", size), Gpr(size, 0), bit & 0xFF));
                    cases.Add(new CpuCase(imm, regs, RandomStatusFlags(rng), mask));
                }
        Differential.AssertSameAsHost(cases);
    }

    [Theory]
    [InlineData("Bsf")]
    [InlineData("Bsr")]
    public void Bit_scans_match_host(string op)
    {
        var rng = new Random(op[2]);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 2, 4 })
        {
            var values = Mixed(size, 40, rng).Concat(Enumerable.Range(0, size * 8).Select(b => 1u << b));
            foreach (uint v in values)
            {
                var regs = RandomRegs(rng);
                regs[3] = Place(regs[3], v, size);
                var code = Disassembly.Encode(Instruction.Create(CodeOf(op, "r{0}_rm{0}", size), Gpr(size, 2), Gpr(size, 3)));
                uint[] regMask = [~0u, ~0u, v == 0 ? ~Mask(size) : ~0u, ~0u, ~0u, ~0u, ~0u];
                cases.Add(new CpuCase(code, regs, RandomStatusFlags(rng), Flags.ZF) { RegMask = regMask });
            }
        }
        Differential.AssertSameAsHost(cases);
    }

    [Fact]
    public void Bswap_matches_host()
    {
        var rng = new Random(0xB5);
        var cases = new List<CpuCase>();
        foreach (int reg in new[] { 0, 1, 2, 3, 5, 6, 7 })
            foreach (uint v in Mixed(4, 10, rng))
            {
                var regs = RandomRegs(rng);
                regs[Array.IndexOf(CpuCase.Order, (Reg32)reg)] = v;
                var code = Disassembly.Encode(Instruction.Create(Code.Bswap_r32, Register.EAX + reg));
                cases.Add(new CpuCase(code, regs, RandomStatusFlags(rng), Sdm.StatusFlags));
            }
        Differential.AssertSameAsHost(cases);
    }
}
