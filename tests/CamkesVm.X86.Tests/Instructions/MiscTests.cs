using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Support.Values;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// CMPXCHG, XADD, XCHG, CMOVcc, SETcc, CBW/CWDE/CWD/CDQ, MOVZX/MOVSX, LAHF/SAHF and CLC/STC/CMC against the
/// host CPU. CMPXCHG sets the flags as CMP, XADD as ADD (SDM Vol. 2); the others leave them alone.
/// </summary>
public class MiscTests
{
    [Fact]
    public void Cmpxchg_matches_host()
    {
        var rng = new Random(0xC7);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 1, 2, 4 })
        {
            cases.AddRange(AluTests.PairCases(size, 30, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[1] = Place(regs[1], a, size);
                regs[0] = Place(regs[0], rng.Next(2) == 0 ? a : b, size);   // equal half of the time
                regs[2] = Place(regs[2], b ^ 0x5A, size);
                return (Instruction.Create(CodeOf("Cmpxchg", "rm{0}_r{0}", size), Gpr(size, 1), Gpr(size, 2)), regs);
            }, Sdm.StatusFlags, random: 60));
            // destination is the accumulator itself
            cases.AddRange(AluTests.PairCases(size, 31, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[0] = Place(regs[0], a, size);
                regs[3] = Place(regs[3], b, size);
                return (Instruction.Create(CodeOf("Cmpxchg", "rm{0}_r{0}", size), Gpr(size, 0), Gpr(size, 3)), regs);
            }, Sdm.StatusFlags, random: 10));
        }
        Differential.AssertSameAsHost(cases);
    }

    [Fact]
    public void Xadd_and_xchg_match_host()
    {
        var rng = new Random(0xC1);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 1, 2, 4 })
        {
            cases.AddRange(AluTests.PairCases(size, 32, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[1] = Place(regs[1], a, size);
                regs[2] = Place(regs[2], b, size);
                return (Instruction.Create(CodeOf("Xadd", "rm{0}_r{0}", size), Gpr(size, 1), Gpr(size, 2)), regs);
            }, Sdm.StatusFlags, random: 60));
            cases.AddRange(AluTests.PairCases(size, 33, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[1] = Place(regs[1], a, size);
                regs[3] = Place(regs[3], b, size);
                return (Instruction.Create(CodeOf("Xchg", "rm{0}_r{0}", size), Gpr(size, 1), Gpr(size, 3)), regs);
            }, Sdm.StatusFlags, random: 10));
        }
        foreach (int reg in new[] { 1, 2, 3, 5, 6, 7 })
            foreach (int size in new[] { 2, 4 })
            {
                var regs = RandomRegs(rng);
                var code = Disassembly.Encode(Instruction.Create(size == 4 ? Code.Xchg_r32_EAX : Code.Xchg_r16_AX, Gpr(size, 0) + reg, Gpr(size, 0)));
                cases.Add(new CpuCase(code, regs, RandomStatusFlags(rng), Sdm.StatusFlags));
            }
        Differential.AssertSameAsHost(cases);
    }

    private static readonly string[] Conditions = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];

    [Fact]
    public void Cmovcc_and_setcc_match_host_for_all_flag_combinations()
    {
        var rng = new Random(0xCC);
        var cases = new List<CpuCase>();
        foreach (string cc in Conditions)
        {
            for (uint flags = 0; flags < 64; flags++)
            {
                // spread 6 bits over CF PF AF ZF SF OF
                uint fl = (flags & 1) | ((flags & 2) << 1) | ((flags & 4) << 2) | ((flags & 8) << 3) | ((flags & 16) << 3) | ((flags & 32) << 6);
                var regs = RandomRegs(rng);
                foreach (int size in new[] { 2, 4 })
                {
                    var cmov = Disassembly.Encode(Instruction.Create(Enum.Parse<Code>($"Cmov{cc}_r{size * 8}_rm{size * 8}"), Gpr(size, 2), Gpr(size, 3)));
                    cases.Add(new CpuCase(cmov, regs, fl, Sdm.StatusFlags));
                }
                var set = Disassembly.Encode(Instruction.Create(Enum.Parse<Code>($"Set{cc}_rm8"), Register.CH));
                cases.Add(new CpuCase(set, regs, fl, Sdm.StatusFlags));
            }
        }
        Differential.AssertSameAsHost(cases);
    }

    [Fact]
    public void Sign_extensions_and_moves_match_host()
    {
        var rng = new Random(0x98);
        var cases = new List<CpuCase>();
        Code[] plain = [Code.Cbw, Code.Cwde, Code.Cwd, Code.Cdq];
        foreach (uint v in Mixed(4, 20, rng))
        {
            var regs = RandomRegs(rng);
            regs[0] = v;
            foreach (var code in plain)
                cases.Add(new CpuCase(Disassembly.Encode(Instruction.Create(code)), regs, RandomStatusFlags(rng), Sdm.StatusFlags));
            regs[3] = v;
            foreach (var (code, dst, src) in new[]
            {
                (Code.Movzx_r16_rm8, Register.DX, Register.BH), (Code.Movzx_r32_rm8, Register.EDX, Register.BL),
                (Code.Movzx_r32_rm16, Register.EDX, Register.BX), (Code.Movsx_r16_rm8, Register.DX, Register.BL),
                (Code.Movsx_r32_rm8, Register.EDX, Register.BH), (Code.Movsx_r32_rm16, Register.EDX, Register.BX),
                (Code.Movzx_r16_rm16, Register.DX, Register.BX), (Code.Movsx_r16_rm16, Register.DX, Register.BX),
            })
                cases.Add(new CpuCase(Disassembly.Encode(Instruction.Create(code, dst, src)), regs, RandomStatusFlags(rng), Sdm.StatusFlags));
        }
        Differential.AssertSameAsHost(cases);
    }

    [Fact]
    public void Flag_instructions_match_host()
    {
        var rng = new Random(0x9E);
        var cases = new List<CpuCase>();
        Code[] codes = [Code.Lahf, Code.Sahf, Code.Clc, Code.Stc, Code.Cmc];
        for (int i = 0; i < 200; i++)
        {
            var regs = RandomRegs(rng);
            foreach (var code in codes)
                cases.Add(new CpuCase(Disassembly.Encode(Instruction.Create(code)), regs, RandomStatusFlags(rng), Sdm.StatusFlags));
        }
        Differential.AssertSameAsHost(cases);
    }
}
