using CamkesVm.X86.Fpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Fpu.FpuProgram;
using static CamkesVm.X86.Tests.Fpu.FpuValues;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// Memory operands against the host: FLD/FST/FSTP in single, double and extended format, FILD/FIST/FISTP in
/// 16/32/64 bits (saturation to the integer indefinite, SDM Vol. 1, 4.2.1), FBLD/FBSTP, and the arithmetic and
/// compare forms with m32fp, m64fp, m16int and m32int operands, in every rounding mode and precision.
/// </summary>
public class FpuMemoryTests
{
    /// <summary>Operand bytes: random bits, or an edge pattern of the format (zeros, denormals, NaNs, infinities, limits).</summary>
    private static byte[] OperandBytes(Random rng, int size)
    {
        var b = new byte[16];
        rng.NextBytes(b);
        if (rng.Next(2) == 0) return b;
        ulong[] edges = size switch
        {
            4 => [0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7F80_0001, 0x0000_0001, 0x807F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0x3F80_0000],
            8 => [0, 1UL << 63, 0x7FF0UL << 48, 0xFFF0UL << 48, 0x7FF8UL << 48, 0x7FF0_0000_0000_0001, 1, 0x800F_FFFF_FFFF_FFFF, 0x0010UL << 48, 0x7FEF_FFFF_FFFF_FFFF],
            _ => [0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF],
        };
        BitConverter.TryWriteBytes(b, edges[rng.Next(edges.Length)]);
        return b;
    }

    public static TheoryData<string> MemoryArithmeticOps => new()
    {
        "fadd", "fsub", "fsubr", "fmul", "fdiv", "fdivr", "fcom", "fcomp", "fiadd", "fisub", "fisubr", "fimul", "fidiv", "fidivr",
        "ficom", "ficomp",
    };

    private static void EmitMemoryArithmetic(Assembler a, string op, int size)
    {
        var m = size == 2 ? __word_ptr[ebx + OperandAt] : size == 4 ? __dword_ptr[ebx + OperandAt] : __qword_ptr[ebx + OperandAt];
        switch (op)
        {
            case "fadd": a.fadd(m); break;
            case "fsub": a.fsub(m); break;
            case "fsubr": a.fsubr(m); break;
            case "fmul": a.fmul(m); break;
            case "fdiv": a.fdiv(m); break;
            case "fdivr": a.fdivr(m); break;
            case "fcom": a.fcom(m); break;
            case "fcomp": a.fcomp(m); break;
            case "fiadd": a.fiadd(m); break;
            case "fisub": a.fisub(m); break;
            case "fisubr": a.fisubr(m); break;
            case "fimul": a.fimul(m); break;
            case "fidiv": a.fidiv(m); break;
            case "fidivr": a.fidivr(m); break;
            case "ficom": a.ficom(m); break;
            default: a.ficomp(m); break;
        }
    }

    [Theory, MemberData(nameof(MemoryArithmeticOps))]
    public void Memory_arithmetic_matches_host(string op)
    {
        var rng = new Random(op.Length * 131 + op[^1]);
        bool integer = op.StartsWith("fi", StringComparison.Ordinal);
        var cases = new List<CpuCase>();
        for (int i = 0; i < 600; i++)
        {
            int size = integer ? (i % 2 == 0 ? 2 : 4) : (i % 2 == 0 ? 4 : 8);
            var st0 = i % 7 == 0 ? Conversions.FromInt64(rng.Next(-70000, 70000)) : Pick(rng);
            cases.Add(Case(ControlWords[i % ControlWords.Length], [st0], a => EmitMemoryArithmetic(a, op, size), OperandBytes(rng, integer ? 8 : size)));
        }
        FpuDifferential.AssertSameAsHost(cases);
    }

    public static TheoryData<string> StoreOps => new()
    {
        "fst32", "fstp32", "fst64", "fstp64", "fstp80", "fist16", "fistp16", "fist32", "fistp32", "fistp64", "fbstp",
    };

    private static void EmitStore(Assembler a, string op)
    {
        var at = ebx + OperandAt;
        switch (op)
        {
            case "fst32": a.fst(__dword_ptr[at]); break;
            case "fstp32": a.fstp(__dword_ptr[at]); break;
            case "fst64": a.fst(__qword_ptr[at]); break;
            case "fstp64": a.fstp(__qword_ptr[at]); break;
            case "fstp80": a.fstp(__tword_ptr[at]); break;
            case "fist16": a.fist(__word_ptr[at]); break;
            case "fistp16": a.fistp(__word_ptr[at]); break;
            case "fist32": a.fist(__dword_ptr[at]); break;
            case "fistp32": a.fistp(__dword_ptr[at]); break;
            case "fistp64": a.fistp(__qword_ptr[at]); break;
            default: a.fbstp(__tword_ptr[at]); break;
        }
    }

    [Theory, MemberData(nameof(StoreOps))]
    public void Stores_match_host(string op)
    {
        var rng = new Random(op.Length * 977 + op[^1]);
        var cases = new List<CpuCase>();
        foreach (var v in Specials) foreach (ushort cw in ControlWords) cases.Add(Case(cw, [v], a => EmitStore(a, op)));
        for (int i = 0; i < 600; i++)
        {
            Float80 v = (i % 3) switch
            {
                0 => RandomFinite(rng, 0x3FFF + rng.Next(0, 64), 2),                // integer range, with fractions
                1 => Conversions.FromInt64(rng.NextInt64() >> rng.Next(0, 63)),
                _ => RandomFinite(rng, rng.Next(3) switch { 0 => 0x3FFF - 126, 1 => 0x3FFF - 1022, _ => 0x3FFF + 1023 }, 30),
            };
            cases.Add(Case(ControlWords[i % ControlWords.Length], [v], a => EmitStore(a, op)));
        }
        FpuDifferential.AssertSameAsHost(cases);
    }

    public static TheoryData<string> LoadOps => new() { "fld32", "fld64", "fld80", "fild16", "fild32", "fild64", "fbld" };

    [Theory, MemberData(nameof(LoadOps))]
    public void Loads_match_host(string op)
    {
        var rng = new Random(op.Length * 31 + op[^1]);
        var cases = new List<CpuCase>();
        for (int i = 0; i < 400; i++)
        {
            byte[] bytes = OperandBytes(rng, op switch { "fld32" => 4, "fld64" => 8, _ => 2 });
            if (op == "fbld")
                for (int k = 0; k < 9; k++) bytes[k] = (byte)(rng.Next(10) << 4 | rng.Next(10));
            var at = ebx + OperandAt;
            cases.Add(Case(ControlWords[i % ControlWords.Length], i % 5 == 0 ? [X(1), X(2)] : [], a =>
            {
                switch (op)
                {
                    case "fld32": a.fld(__dword_ptr[at]); break;
                    case "fld64": a.fld(__qword_ptr[at]); break;
                    case "fld80": a.fld(__tword_ptr[at]); break;
                    case "fild16": a.fild(__word_ptr[at]); break;
                    case "fild32": a.fild(__dword_ptr[at]); break;
                    case "fild64": a.fild(__qword_ptr[at]); break;
                    default: a.fbld(__tword_ptr[at]); break;
                }
            }, bytes));
        }
        FpuDifferential.AssertSameAsHost(cases);
    }
}
