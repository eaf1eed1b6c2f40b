using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Support.Values;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// Shifts and rotates (SHL SAL SHR SAR ROL ROR RCL RCR by 1, CL and imm8; SHLD/SHRD) against the host CPU,
/// with counts 0, 1, width-1, width, above width and above 31 (masked to 5 bits).
/// Undefined flags per SDM Vol. 2 "SAL/SAR/SHL/SHR" (AF always; OF unless the masked count is 1; CF for
/// SHL/SHR when the count is at least the width), "RCL/RCR/ROL/ROR" (OF unless the count is 1) and
/// "SHLD"/"SHRD" (AF; OF unless the count is 1; result and flags when the count exceeds the width).
/// A masked count of 0 changes nothing.
/// </summary>
public class ShiftTests
{
    public static TheoryData<string> ShiftOps => new() { "Rol", "Ror", "Rcl", "Rcr", "Shl", "Sal", "Shr", "Sar" };

    private static readonly int[] Counts = [.. Enumerable.Range(0, 34), 0x3F, 0x40, 0x41, 0x7F, 0x80, 0xE1, 0xFF];

    internal static uint ShiftFlagMask(string op, int size, int count)
    {
        int c = count & 31, bits = size * 8;
        if (c == 0) return Sdm.StatusFlags;
        if (op is "Rol" or "Ror" or "Rcl" or "Rcr") return c == 1 ? Sdm.StatusFlags : AllBut(Flags.OF);
        uint undefined = Flags.AF | (c != 1 ? Flags.OF : 0);
        if (op is "Shl" or "Sal" or "Shr" && c >= bits) undefined |= Flags.CF;
        return AllBut(undefined);
    }

    [Theory, MemberData(nameof(ShiftOps))]
    public void Shift_by_cl_and_imm8_match_host(string op)
    {
        var rng = new Random(op[1] * 31 + op[2]);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 1, 2, 4 })
            foreach (int count in Counts)
                foreach (uint v in Edges(size).Take(10).Concat(Enumerable.Range(0, 6).Select(_ => Random32(rng) & Mask(size))))
                {
                    var regs = RandomRegs(rng);
                    regs[0] = Place(regs[0], v, size);
                    regs[1] = Place(regs[1], (uint)count, 1);
                    uint mask = ShiftFlagMask(op, size, count);
                    var cl = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_CL", size), Gpr(size, 0), Register.CL));
                    cases.Add(new CpuCase(cl, regs, RandomStatusFlags(rng), mask));
                    var imm = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_imm8", size), Gpr(size, 0), count));
                    cases.Add(new CpuCase(imm, regs, RandomStatusFlags(rng), mask));
                }
        Differential.AssertSameAsHost(cases);
    }

    [Theory, MemberData(nameof(ShiftOps))]
    public void Shift_by_one_matches_host(string op)
    {
        var rng = new Random(op[0] * 7 + op[2]);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 1, 2, 4 })
            for (int reg = 0; reg < 4; reg++)
                foreach (uint v in Mixed(size, 30, rng))
                {
                    var regs = RandomRegs(rng);
                    regs[reg] = Place(regs[reg], v, size);
                    var code = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_1", size), Gpr(size, reg), 1));
                    cases.Add(new CpuCase(code, regs, RandomStatusFlags(rng), ShiftFlagMask(op, size, 1)));
                }
        Differential.AssertSameAsHost(cases);
    }

    [Theory]
    [InlineData("Shld")]
    [InlineData("Shrd")]
    public void Double_shifts_match_host(string op)
    {
        var rng = new Random(op[2]);
        var cases = new List<CpuCase>();
        foreach (int size in new[] { 2, 4 })
            foreach (int count in Counts)
                for (int i = 0; i < 14; i++)
                {
                    uint a = i < 7 ? Edges(size)[i * 2] : Random32(rng) & Mask(size);
                    uint b = i < 7 ? Edges(size)[^(i + 1)] : Random32(rng) & Mask(size);
                    var regs = RandomRegs(rng);
                    regs[0] = Place(regs[0], a, size);
                    regs[2] = Place(regs[2], b, size);
                    regs[1] = Place(regs[1], (uint)count, 1);
                    int c = count & 31;
                    bool undefined = c > size * 8;
                    uint flagMask = c == 0 ? Sdm.StatusFlags : undefined ? 0 : AllBut(Flags.AF | (c != 1 ? Flags.OF : 0));
                    uint[] regMask = [undefined ? ~Mask(size) : ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u];
                    var cl = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_r{0}_CL", size), Gpr(size, 0), Gpr(size, 2), Register.CL));
                    cases.Add(new CpuCase(cl, regs, RandomStatusFlags(rng), flagMask) { RegMask = regMask });
                    var imm = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_r{0}_imm8", size), Gpr(size, 0), Gpr(size, 2), count));
                    cases.Add(new CpuCase(imm, regs, RandomStatusFlags(rng), flagMask) { RegMask = regMask });
                }
        Differential.AssertSameAsHost(cases);
    }
}
