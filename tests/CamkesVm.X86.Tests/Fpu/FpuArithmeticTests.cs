using CamkesVm.X86.Fpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Fpu.FpuProgram;
using static CamkesVm.X86.Tests.Fpu.FpuValues;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// The arithmetic instructions against the host x87, on register and memory operands, in all rounding modes
/// and precisions, with special operands (SDM Vol. 1, 4.8.3, 4.9 and each instruction's results table). The
/// whole FNSAVE image (status flags, C1, tags, every register) is compared bit for bit.
/// </summary>
public class FpuArithmeticTests
{
    public static TheoryData<string> RegisterOps => new()
    {
        "fadd", "fsub", "fsubr", "fmul", "fdiv", "fdivr", "faddp", "fsubp", "fsubrp", "fmulp", "fdivp", "fdivrp",
        "fadd_sti", "fsub_sti", "fsubr_sti", "fdiv_sti", "fdivr_sti",
        "fsqrt", "frndint", "fscale", "fprem", "fprem1", "fxtract", "fchs", "fabs",
    };

    private static void Emit(Assembler a, string op)
    {
        switch (op)
        {
            case "fadd": a.fadd(st0, st1); break;
            case "fsub": a.fsub(st0, st1); break;
            case "fsubr": a.fsubr(st0, st1); break;
            case "fmul": a.fmul(st0, st1); break;
            case "fdiv": a.fdiv(st0, st1); break;
            case "fdivr": a.fdivr(st0, st1); break;
            case "faddp": a.faddp(st1, st0); break;
            case "fsubp": a.fsubp(st1, st0); break;
            case "fsubrp": a.fsubrp(st1, st0); break;
            case "fmulp": a.fmulp(st1, st0); break;
            case "fdivp": a.fdivp(st1, st0); break;
            case "fdivrp": a.fdivrp(st1, st0); break;
            case "fadd_sti": a.fadd(st1, st0); break;
            case "fsub_sti": a.fsub(st1, st0); break;
            case "fsubr_sti": a.fsubr(st1, st0); break;
            case "fdiv_sti": a.fdiv(st1, st0); break;
            case "fdivr_sti": a.fdivr(st1, st0); break;
            case "fsqrt": a.fsqrt(); break;
            case "frndint": a.frndint(); break;
            case "fscale": a.fscale(); break;
            case "fprem": a.fprem(); break;
            case "fprem1": a.fprem1(); break;
            case "fxtract": a.fxtract(); break;
            case "fchs": a.fchs(); break;
            case "fabs": a.fabs(); break;
            default: throw new ArgumentException(op);
        }
    }

    [Theory, MemberData(nameof(RegisterOps))]
    public void Register_forms_match_host(string op)
    {
        var rng = new Random(op.GetHashCode(StringComparison.Ordinal) & 0xFFFF ^ op.Length * 7919);
        var cases = new List<CpuCase>();
        foreach (var a in Specials)
            foreach (var b in Specials)
                cases.Add(Case(ControlWords[cases.Count % ControlWords.Length], [b, a], x => Emit(x, op)));
        for (int i = 0; i < 800; i++)
        {
            Float80 b = Pick(rng), a = rng.Next(3) == 0 ? RandomFinite(rng, b.Exponent, 3) : Pick(rng);
            if (op == "fscale") b = Conversions.FromInt64(rng.Next(-40000, 40000) >> rng.Next(0, 16));
            cases.Add(Case(ControlWords[i % ControlWords.Length], [b, a], x => Emit(x, op)));
        }
        FpuDifferential.AssertSameAsHost(cases);
    }
}
