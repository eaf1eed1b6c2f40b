using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Support.Values;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// ADD OR ADC SBB AND SUB XOR CMP TEST INC DEC NEG NOT against the host CPU, every form and width.
/// Flags: all six are defined except AF after the logic operations (SDM Vol. 2, "AND"/"OR"/"XOR"/"TEST":
/// "The state of the AF flag is undefined"); NOT affects no flags.
/// </summary>
public class AluTests
{
    public static TheoryData<string> BinaryOps => new() { "Add", "Or", "Adc", "Sbb", "And", "Sub", "Xor", "Cmp" };

    private static uint FlagMaskOf(string op) => op is "And" or "Or" or "Xor" or "Test" ? AllBut(Flags.AF) : Sdm.StatusFlags;

    /// <summary>Cases of op dst,src over edge×edge and random pairs, both carry-in values, for one encoding.</summary>
    internal static List<CpuCase> PairCases(int size, int seed, Func<uint, uint, (Instruction Insn, uint[] Regs)> build, uint flagMask, int random = 150)
    {
        var rng = new Random(seed);
        var cases = new List<CpuCase>();
        var vals = Mixed(size, 6, rng);
        IEnumerable<(uint, uint)> pairs = [.. from a in vals from b in vals select (a, b),
            .. Enumerable.Range(0, random).Select(_ => (Random32(rng) & Mask(size), Random32(rng) & Mask(size)))];
        foreach (var (a, b) in pairs)
        {
            var (insn, regs) = build(a, b);
            var code = Disassembly.Encode(insn);
            uint fl = RandomStatusFlags(rng);
            cases.Add(new CpuCase(code, regs, fl, flagMask));
        }
        return cases;
    }

    [Theory, MemberData(nameof(BinaryOps))]
    public void Register_forms_match_host(string op)
    {
        var cases = new List<CpuCase>();
        var rng = new Random(op.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        foreach (int size in new[] { 1, 2, 4 })
        {
            // op rm,r  (EAX-family destination, ECX-family source)
            cases.AddRange(PairCases(size, 1, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[0] = Place(regs[0], a, size);
                regs[1] = Place(regs[1], b, size);
                return (Instruction.Create(CodeOf(op, "rm{0}_r{0}", size), Gpr(size, 0), Gpr(size, 1)), regs);
            }, FlagMaskOf(op)));
            // op r,rm  (EDX-family destination, EBX-family source)
            cases.AddRange(PairCases(size, 2, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[2] = Place(regs[2], a, size);
                regs[3] = Place(regs[3], b, size);
                return (Instruction.Create(CodeOf(op, "r{0}_rm{0}", size), Gpr(size, 2), Gpr(size, 3)), regs);
            }, FlagMaskOf(op), random: 40));
        }
        // high-byte registers: op ah,ch and op bh,dl
        cases.AddRange(PairCases(1, 3, (a, b) =>
        {
            var regs = RandomRegs(rng);
            regs[0] = (regs[0] & ~0xFF00u) | (a << 8);
            regs[1] = (regs[1] & ~0xFF00u) | (b << 8);
            return (Instruction.Create(CodeOf(op, "rm{0}_r{0}", 1), Register.AH, Register.CH), regs);
        }, FlagMaskOf(op), random: 20));
        cases.AddRange(PairCases(1, 4, (a, b) =>
        {
            var regs = RandomRegs(rng);
            regs[3] = (regs[3] & ~0xFF00u) | (a << 8);
            regs[2] = Place(regs[2], b, 1);
            return (Instruction.Create(CodeOf(op, "r{0}_rm{0}", 1), Register.BH, Register.DL), regs);
        }, FlagMaskOf(op), random: 20));
        Differential.AssertSameAsHost(cases);
    }

    [Theory, MemberData(nameof(BinaryOps))]
    public void Immediate_forms_match_host(string op)
    {
        var cases = new List<CpuCase>();
        var rng = new Random(op.Length);
        foreach (int size in new[] { 1, 2, 4 })
        {
            string acc = size switch { 1 => "AL_imm8", 2 => "AX_imm16", _ => "EAX_imm32" };
            cases.AddRange(PairCases(size, 5, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[0] = Place(regs[0], a, size);
                return (Instruction.Create(Enum.Parse<Code>($"{op}_{acc}"), Gpr(size, 0), b), regs);
            }, FlagMaskOf(op), random: 40));
            cases.AddRange(PairCases(size, 6, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[3] = Place(regs[3], a, size);
                return (Instruction.Create(CodeOf(op, "rm{0}_imm{0}", size), Gpr(size, 3), b), regs);
            }, FlagMaskOf(op), random: 40));
            if (size == 1) continue;
            // the sign-extended imm8 form (83 /r)
            cases.AddRange(PairCases(size, 7, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[1] = Place(regs[1], a, size);
                return (Instruction.Create(CodeOf(op, "rm{0}_imm8", size), Gpr(size, 1), (int)(sbyte)b), regs);
            }, FlagMaskOf(op), random: 40));
        }
        Differential.AssertSameAsHost(cases);
    }

    [Theory, MemberData(nameof(BinaryOps))]
    public void Opcode_82_is_the_8_bit_immediate_group_alias(string op)
    {
        // 82 /r ib is an alias of 80 /r ib in 32-bit mode (SDM Vol. 2, Table A-6 note 1B); #UD in 64-bit mode,
        // so the host runs the 80 encoding.
        var rng = new Random(82);
        var cases = PairCases(1, 8, (a, b) =>
        {
            var regs = RandomRegs(rng);
            regs[2] = Place(regs[2], a, 1);
            return (Instruction.Create(CodeOf(op, "rm{0}_imm{0}", 1), Register.DL, b), regs);
        }, FlagMaskOf(op), random: 20);
        Differential.AssertSameAsHost([.. cases.Select(c => c with { Code = [0x82, .. c.Code[1..]] } with { HostCode = c.Code })]);
    }

    [Fact]
    public void Test_matches_host()
    {
        var cases = new List<CpuCase>();
        var rng = new Random(85);
        foreach (int size in new[] { 1, 2, 4 })
        {
            cases.AddRange(PairCases(size, 9, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[0] = Place(regs[0], a, size);
                regs[1] = Place(regs[1], b, size);
                return (Instruction.Create(CodeOf("Test", "rm{0}_r{0}", size), Gpr(size, 0), Gpr(size, 1)), regs);
            }, FlagMaskOf("Test"), random: 40));
            cases.AddRange(PairCases(size, 10, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[3] = Place(regs[3], a, size);
                return (Instruction.Create(CodeOf("Test", "rm{0}_imm{0}", size), Gpr(size, 3), b), regs);
            }, FlagMaskOf("Test"), random: 20));
            string acc = size switch { 1 => "AL_imm8", 2 => "AX_imm16", _ => "EAX_imm32" };
            cases.AddRange(PairCases(size, 11, (a, b) =>
            {
                var regs = RandomRegs(rng);
                regs[0] = Place(regs[0], a, size);
                return (Instruction.Create(Enum.Parse<Code>($"Test_{acc}"), Gpr(size, 0), b), regs);
            }, FlagMaskOf("Test"), random: 20));
        }
        Differential.AssertSameAsHost(cases);
    }

    public static TheoryData<string> UnaryOps => new() { "Inc", "Dec", "Neg", "Not" };

    [Theory, MemberData(nameof(UnaryOps))]
    public void Unary_ops_match_host(string op)
    {
        var cases = new List<CpuCase>();
        var rng = new Random(op[0]);
        uint mask = op == "Not" ? Sdm.StatusFlags : Sdm.StatusFlags; // NOT: flags unaffected, so all must be preserved
        foreach (int size in new[] { 1, 2, 4 })
            for (int reg = 0; reg < 4; reg++)
                foreach (uint v in Mixed(size, 60, rng))
                {
                    var regs = RandomRegs(rng);
                    regs[reg] = Place(regs[reg], v, size);
                    var code = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}", size), Gpr(size, reg)));
                    cases.Add(new CpuCase(code, regs, RandomStatusFlags(rng), mask));
                }
        Differential.AssertSameAsHost(cases);
    }

    [Theory]
    [InlineData("Inc", 0x40)]
    [InlineData("Dec", 0x48)]
    public void One_byte_inc_dec_forms_match_host(string op, int opcodeBase)
    {
        // 40+r / 48+r are REX prefixes in 64-bit mode; the host runs FF /0 and FF /1, which the SDM defines identically.
        var cases = new List<CpuCase>();
        var rng = new Random(opcodeBase);
        foreach (int size in new[] { 2, 4 })
            foreach (int reg in new[] { 0, 1, 2, 3, 5, 6, 7 })
                foreach (uint v in Mixed(size, 8, rng))
                {
                    var regs = RandomRegs(rng);
                    int slot = Array.IndexOf(CpuCase.Order, (Reg32)reg);
                    regs[slot] = Place(regs[slot], v, size);
                    byte[] prefix = size == 2 ? [0x66] : [];
                    var host = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}", size), Gpr(size, 0) + reg));
                    cases.Add(new CpuCase([.. prefix, (byte)(opcodeBase + reg)], regs, RandomStatusFlags(rng), Sdm.StatusFlags) { HostCode = host });
                }
        Differential.AssertSameAsHost(cases);
    }

    [Theory, MemberData(nameof(BinaryOps))]
    public void Inc_and_dec_after_an_operation_keep_its_carry_for_the_next(string op)
    {
        // op eax, ebx ; inc ecx ; dec edx ; adc esi, edi (40+r/48+r here, FF /0 and FF /1 on the host): the
        // carry of op survives INC and DEC (SDM Vol. 2, "INC": "The CF flag is not affected") into ADC.
        var cases = new List<CpuCase>();
        var rng = new Random(op.Length * 31 + op[0]);
        foreach (var (a, b) in from a in Mixed(4, 6, rng) from b in Mixed(4, 6, rng) select (a, b))
        {
            uint[] regs = [a, Random32(rng), Random32(rng), b, Random32(rng), Random32(rng), Random32(rng)];
            byte[] first = Disassembly.Encode(Instruction.Create(CodeOf(op, "rm{0}_r{0}", 4), Register.EAX, Register.EBX));
            byte[] adc = Disassembly.Encode(Instruction.Create(Code.Adc_rm32_r32, Register.ESI, Register.EDI));
            byte[] hostIncDec = [.. Disassembly.Encode(Instruction.Create(Code.Inc_rm32, Register.ECX)),
                .. Disassembly.Encode(Instruction.Create(Code.Dec_rm32, Register.EDX))];
            cases.Add(new CpuCase([.. first, 0x41, 0x4A, .. adc], regs, RandomStatusFlags(rng), Sdm.StatusFlags)
                { HostCode = [.. first, .. hostIncDec, .. adc] });
        }
        Differential.AssertSameAsHost(cases);
    }

    [Fact]
    public void Inc_and_dec_keep_a_carry_set_by_a_shift_or_loaded_into_eflags()
    {
        // shr eax, cl ; inc ecx ; adc edx, ebx — and inc ecx ; adc edx, ebx straight from the loaded flags.
        var cases = new List<CpuCase>();
        var rng = new Random(77);
        byte[] shr = Disassembly.Encode(Instruction.Create(Code.Shr_rm32_CL, Register.EAX, Register.CL));
        byte[] inc = Disassembly.Encode(Instruction.Create(Code.Inc_rm32, Register.ECX));
        byte[] adc = Disassembly.Encode(Instruction.Create(Code.Adc_rm32_r32, Register.EDX, Register.EBX));
        foreach (uint v in Mixed(4, 40, rng))
        {
            uint[] regs = [v, (uint)rng.Next(1, 32), Random32(rng), Random32(rng), Random32(rng), Random32(rng), Random32(rng)];
            cases.Add(new CpuCase([.. shr, 0x41, .. adc], regs, RandomStatusFlags(rng), Sdm.StatusFlags)
                { HostCode = [.. shr, .. inc, .. adc] });
            cases.Add(new CpuCase([0x41, .. adc], regs, RandomStatusFlags(rng), Sdm.StatusFlags) { HostCode = [.. inc, .. adc] });
        }
        Differential.AssertSameAsHost(cases);
    }
}
