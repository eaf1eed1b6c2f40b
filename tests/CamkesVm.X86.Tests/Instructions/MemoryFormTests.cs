using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Support.Values;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// Memory-operand forms against the host CPU: the operand is [EBX+disp] inside the oracle's data window,
/// which both CPUs map at the same address, so the read-modify-write paths, bit strings beyond the operand
/// (BT with a register offset, SDM Vol. 2 "BT": the offset is signed and addresses a bit string) and
/// CMPXCHG8B are compared with real hardware, including unaligned operands.
/// </summary>
public class MemoryFormTests
{
    private const uint Middle = CpuCase.DataBase + 0x80;

    private static MemoryOperand At(int disp) => new(Register.EBX, disp);

    /// <summary>Cases with random memory and registers, EBX pointing at the middle of the window.</summary>
    private static List<CpuCase> Cases(int count, int seed, Func<Random, int, (Instruction Insn, uint FlagMask)> build, Action<Random, uint[]>? regs = null)
    {
        var rng = new Random(seed);
        var list = new List<CpuCase>();
        for (int i = 0; i < count; i++)
        {
            var r = RandomRegs(rng);
            r[3] = Middle;
            regs?.Invoke(rng, r);
            var mem = new byte[CpuCase.DataSize];
            rng.NextBytes(mem);
            if (i % 4 == 0) mem.AsSpan(0x70, 0x20).Fill((byte)(i % 8 == 0 ? 0 : 0xFF));   // edge operands
            var (insn, mask) = build(rng, i);
            list.Add(new CpuCase(Disassembly.Encode(insn), r, RandomStatusFlags(rng), mask) { Memory = mem });
        }
        return list;
    }

    private static int Disp(Random rng) => rng.Next(-8, 9);   // includes unaligned operands

    // XCHG with memory is always locked; a locked access across a cache line is a split lock, which the host
    // kernel punishes with a delay. Stay unaligned but inside the line at the window's middle.
    private static int LockedDisp(Random rng) => rng.Next(0, 9);

    public static TheoryData<string> AluOps => AluTests.BinaryOps;

    [Theory, MemberData(nameof(AluOps))]
    public void Alu_memory_forms_match_host(string op)
    {
        uint mask = op is "And" or "Or" or "Xor" ? AllBut(Flags.AF) : Sdm.StatusFlags;
        Differential.AssertSameAsHost(Cases(600, op.Length * 11 + op[1], (rng, i) =>
        {
            int size = (1 << (i % 3)) is var s && s == 4 ? 4 : s;
            return (i / 3 % 4) switch
            {
                0 => (Instruction.Create(CodeOf(op, "rm{0}_r{0}", size), At(Disp(rng)), Gpr(size, 1)), mask),
                1 => (Instruction.Create(CodeOf(op, "r{0}_rm{0}", size), Gpr(size, 2), At(Disp(rng))), mask),
                2 => (Instruction.Create(CodeOf(op, "rm{0}_imm{0}", size), At(Disp(rng)), Random32(rng) & Mask(size)), mask),
                _ => size == 1
                    ? (Instruction.Create(CodeOf(op, "rm{0}_imm{0}", 1), At(Disp(rng)), rng.Next(256)), mask)
                    : (Instruction.Create(CodeOf(op, "rm{0}_imm8", size), At(Disp(rng)), rng.Next(-128, 128)), mask),
            };
        }));
    }

    [Fact]
    public void Unary_shift_and_multiply_memory_forms_match_host()
    {
        string[] unary = ["Inc", "Dec", "Neg", "Not", "Mul", "Imul"];
        string[] shifts = ["Rol", "Ror", "Rcl", "Rcr", "Shl", "Shr", "Sar"];
        Differential.AssertSameAsHost(Cases(1500, 77, (rng, i) =>
        {
            int size = 1 << (i % 3);
            if (i % 2 == 0)
            {
                string op = unary[i / 2 % unary.Length];
                uint mask = op is "Mul" or "Imul" ? Flags.CF | Flags.OF : Sdm.StatusFlags;
                return (Instruction.Create(CodeOf(op, "rm{0}", size), At(Disp(rng))), mask);
            }
            string sh = shifts[i / 2 % shifts.Length];
            int count = rng.Next(0, 40);
            var insn = i % 4 == 1
                ? Instruction.Create(CodeOf(sh, "rm{0}_imm8", size), At(Disp(rng)), count)
                : Instruction.Create(CodeOf(sh, "rm{0}_1", size), At(Disp(rng)), 1);
            return (insn, ShiftTests.ShiftFlagMask(sh, size, i % 4 == 1 ? count : 1));
        }));
    }

    [Fact]
    public void Divide_memory_forms_match_host()
    {
        Differential.AssertSameAsHost(Cases(600, 78, (rng, i) =>
        {
            int size = 1 << (i % 3);
            return (Instruction.Create(CodeOf(i % 2 == 0 ? "Div" : "Idiv", "rm{0}", size), At(Disp(rng))), 0u);
        }, (rng, r) => r[2] = (uint)rng.Next(0, 4)));
    }

    [Theory]
    [InlineData("Bt")]
    [InlineData("Bts")]
    [InlineData("Btr")]
    [InlineData("Btc")]
    public void Bit_string_memory_forms_match_host(string op)
    {
        Differential.AssertSameAsHost(Cases(600, op.Length * 5 + op[^1], (rng, i) =>
        {
            int size = i % 2 == 0 ? 2 : 4;
            var insn = i % 3 == 0
                ? Instruction.Create(CodeOf(op, "rm{0}_imm8", size), At(Disp(rng)), rng.Next(256))
                : Instruction.Create(CodeOf(op, "rm{0}_r{0}", size), At(Disp(rng)), Gpr(size, 1));
            return (insn, Flags.CF | Flags.ZF);
        }, (rng, r) => r[1] = (uint)rng.Next(-900, 900)));
    }

    [Fact]
    public void Exchange_and_compare_memory_forms_match_host()
    {
        Differential.AssertSameAsHost(Cases(900, 79, (rng, i) =>
        {
            int size = 1 << (i % 3);
            return (i / 3 % 3) switch
            {
                0 => (Instruction.Create(CodeOf("Cmpxchg", "rm{0}_r{0}", size), At(Disp(rng)), Gpr(size, 2)), Sdm.StatusFlags),
                1 => (Instruction.Create(CodeOf("Xadd", "rm{0}_r{0}", size), At(Disp(rng)), Gpr(size, 2)), Sdm.StatusFlags),
                _ => (Instruction.Create(CodeOf("Xchg", "rm{0}_r{0}", size), At(LockedDisp(rng)), Gpr(size, 2)), Sdm.StatusFlags),
            };
        }, (rng, r) =>
        {
            // make CMPXCHG's comparison succeed sometimes: EAX equals the dword at [EBX]
            if (rng.Next(2) == 0) r[0] = 0;
        }));
    }

    [Fact]
    public void Cmpxchg8b_matches_host()
    {
        // ZF is the only flag CMPXCHG8B writes (SDM Vol. 2, "CMPXCHG8B/CMPXCHG16B").
        Differential.AssertSameAsHost(Cases(300, 80, (rng, i) =>
            (Instruction.Create(Code.Cmpxchg8b_m64, At(i % 3 == 0 ? -0x10 : Disp(rng))), Sdm.StatusFlags),
            (rng, r) =>
            {
                if (rng.Next(2) == 0) { r[0] = 0; r[2] = 0; }       // matches the zero-filled edge operands
                else if (rng.Next(2) == 0) { r[0] = 0xFFFF_FFFF; r[2] = 0xFFFF_FFFF; }
            }));
    }

    [Fact]
    public void Extensions_setcc_cmov_and_double_shifts_from_memory_match_host()
    {
        Differential.AssertSameAsHost(Cases(800, 81, (rng, i) => (i % 8) switch
        {
            0 => (Instruction.Create(Code.Movzx_r32_rm8, Register.EDX, At(Disp(rng))), Sdm.StatusFlags),
            1 => (Instruction.Create(Code.Movsx_r32_rm16, Register.EDX, At(Disp(rng))), Sdm.StatusFlags),
            2 => (Instruction.Create(Code.Setle_rm8, At(Disp(rng))), Sdm.StatusFlags),
            3 => (Instruction.Create(Code.Cmovbe_r32_rm32, Register.ECX, At(Disp(rng))), Sdm.StatusFlags),
            4 => (Instruction.Create(Code.Cmovs_r16_rm16, Register.CX, At(Disp(rng))), Sdm.StatusFlags),
            5 => (Instruction.Create(Code.Shld_rm32_r32_imm8, At(Disp(rng)), Register.ESI, rng.Next(32)), Flags.CF | Flags.ZF | Flags.SF | Flags.PF),
            6 => (Instruction.Create(Code.Shrd_rm16_r16_imm8, At(Disp(rng)), Register.SI, rng.Next(17)), Flags.CF | Flags.ZF | Flags.SF | Flags.PF),
            _ => (Instruction.Create(Code.Imul_r32_rm32_imm32, Register.EDX, At(Disp(rng)), rng.Next()), Flags.CF | Flags.OF),
        }));
    }
}
