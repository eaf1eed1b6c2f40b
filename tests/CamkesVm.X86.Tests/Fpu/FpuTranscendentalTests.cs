using CamkesVm.X86.Fpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Fpu.FpuProgram;
using static CamkesVm.X86.Tests.Fpu.FpuValues;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1 against the host x87 (SDM Vol. 2 pages; Vol. 1, 8.3.9,
/// 8.3.10), over each instruction's domain and its special operands (±0, ±∞, NaN, negative logarithm
/// arguments, trigonometric operands beyond 2^63 that set C2), in every precision and rounding mode. Results are
/// compared to 2^-50 relative (our CPU works in double precision) and everything else exactly. Trigonometric
/// operands stay within ±8, where the x87's 66-bit π reduction error is far below that tolerance.
/// </summary>
public class FpuTranscendentalTests
{
    private const double Tolerance = 1.0 / (1L << 50);

    private static readonly Float80[] SpecialOperands =
    [
        new(0, 0), new(0, 0x8000), new(1UL << 63, 0x7FFF), new(1UL << 63, 0xFFFF),   // ±0, ±∞
        new(0xC000_0000_0000_0000, 0x7FFF), new(0xC000_0000_0000_0000, 0xFFFF),      // QNaN, indefinite
        new(1UL << 63, 0x3FFF), new(1UL << 63, 0xBFFF), new(1UL << 63, 0x403F),       // ±1, 2^64 (out of trig range)
    ];

    public static TheoryData<string> Ops => new() { "fsin", "fcos", "fsincos", "fptan", "fpatan", "f2xm1", "fyl2x", "fyl2xp1" };

    private static void Emit(Assembler a, string op)
    {
        switch (op)
        {
            case "fsin": a.fsin(); break;
            case "fcos": a.fcos(); break;
            case "fsincos": a.fsincos(); break;
            case "fptan": a.fptan(); break;
            case "fpatan": a.fpatan(); break;
            case "f2xm1": a.f2xm1(); break;
            case "fyl2x": a.fyl2x(); break;
            default: a.fyl2xp1(); break;
        }
    }

    /// <summary>A random operand in the instruction's domain (ST(0); ST(1) for the two-operand ones is any finite value).</summary>
    private static double Domain(string op, Random rng) => op switch
    {
        "f2xm1" => rng.NextDouble() * 2 - 1,
        "fyl2x" => Math.Exp(rng.NextDouble() * 40 - 20),
        "fyl2xp1" => (rng.NextDouble() * 2 - 1) * 0.29,                        // |x| < 1 − √2/2 (SDM "FYL2XP1")
        "fpatan" => (rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-5, 6)),
        _ => (rng.NextDouble() * 2 - 1) * 8,
    };

    /// <summary>
    /// The SDM defines F2XM1 for −1 ≤ ST(0) ≤ +1 and FYL2XP1 for |ST(0)| &lt; 1 − √2/2 only ("the result is
    /// undefined" outside); NaN operands are in every domain.
    /// </summary>
    private static bool InDomain(string op, Float80 x) => op switch
    {
        "f2xm1" => x.IsNaN || x.IsFinite && Math.Abs(Conversions.ToDouble(x)) <= 1,
        "fyl2xp1" => x.IsNaN || x.IsZero,
        _ => true,
    };

    [Theory, MemberData(nameof(Ops))]
    public void Results_match_host(string op)
    {
        var rng = new Random(op.Length * 977 + op[^1]);
        var cases = new List<CpuCase>();
        foreach (var s in SpecialOperands.Where(s => InDomain(op, s)))
            foreach (var t in SpecialOperands.Take(4))
                cases.Add(Case(ControlWords[cases.Count % ControlWords.Length], [t, s], x => Emit(x, op)));
        for (int i = 0; i < 400; i++)
        {
            var st1 = X((rng.NextDouble() * 2 - 1) * 100);
            cases.Add(Case(ControlWords[i % ControlWords.Length], [st1, X(Domain(op, rng))], x => Emit(x, op)));
        }
        FpuApproximateDifferential.AssertCloseToHost(cases, Tolerance);
    }

    public static TheoryData<string> PushingOps => new() { "fxtract", "fptan", "fsincos" };

    [Theory, MemberData(nameof(PushingOps))]
    public void Push_onto_a_full_stack_is_a_stack_overflow_like_the_host(string op)
    {
        // SDM Vol. 1, 8.5.1.1: masked, ST(0) and the pushed register become the indefinite; unmasked (IM clear), nothing changes.
        var cases = new List<CpuCase>();
        foreach (ushort cw in new ushort[] { 0x037F, 0x027F, 0x037E })
            cases.Add(Case(cw, [X(0.5)], a =>
            {
                for (int i = 0; i < 7; i++) a.fld1();
                if (op == "fxtract") a.fxtract(); else Emit(a, op);
            }));
        FpuDifferential.AssertSameAsHost(cases);
    }
}
