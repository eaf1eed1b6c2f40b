using CamkesVm.X86.Cpu;
using CamkesVm.X86.Fpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static CamkesVm.X86.Tests.Fpu.FpuProgram;
using static CamkesVm.X86.Tests.Fpu.FpuValues;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// Comparisons (condition codes per SDM Vol. 1, Table 8-6; FCOMI/FUCOMI EFLAGS per the Vol. 2 page), FTST,
/// FXAM (Table 8-7), FCMOVcc, the stack instructions and stack faults (8.5.1.1), the constants, FNCLEX, and
/// unmasked exceptions leaving the destination unchanged (8.7), all against the host.
/// </summary>
public class FpuCompareAndStackTests
{
    private const uint CompareFlags = Flags.CF | Flags.PF | Flags.ZF | Flags.SF | Flags.OF | Flags.AF;

    public static TheoryData<string> CompareOps => new()
    {
        "fcom", "fcomp", "fcompp", "fucom", "fucomp", "fucompp", "fcomi", "fcomip", "fucomi", "fucomip", "ftst", "fxam",
        "fcmovb", "fcmove", "fcmovbe", "fcmovu", "fcmovnb", "fcmovne", "fcmovnbe", "fcmovnu",
    };

    private static void EmitCompare(Assembler a, string op)
    {
        switch (op)
        {
            case "fcom": a.fcom(st0, st1); break;
            case "fcomp": a.fcomp(st0, st1); break;
            case "fcompp": a.fcompp(); break;
            case "fucom": a.fucom(st0, st1); break;
            case "fucomp": a.fucomp(st0, st1); break;
            case "fucompp": a.fucompp(); break;
            case "fcomi": a.fcomi(st0, st1); break;
            case "fcomip": a.fcomip(st0, st1); break;
            case "fucomi": a.fucomi(st0, st1); break;
            case "fucomip": a.fucomip(st0, st1); break;
            case "ftst": a.ftst(); break;
            case "fxam": a.fxam(); break;
            case "fcmovb": a.fcmovb(st0, st1); break;
            case "fcmove": a.fcmove(st0, st1); break;
            case "fcmovbe": a.fcmovbe(st0, st1); break;
            case "fcmovu": a.fcmovu(st0, st1); break;
            case "fcmovnb": a.fcmovnb(st0, st1); break;
            case "fcmovne": a.fcmovne(st0, st1); break;
            case "fcmovnbe": a.fcmovnbe(st0, st1); break;
            default: a.fcmovnu(st0, st1); break;
        }
    }

    [Theory, MemberData(nameof(CompareOps))]
    public void Compares_and_conditional_moves_match_host(string op)
    {
        var rng = new Random(op.Length * 4099 + op[^1]);
        var cases = new List<CpuCase>();
        int n = 0;
        foreach (var a in Specials)
            foreach (var b in Specials)
                cases.Add(Case(0x037F, [b, a], x => EmitCompare(x, op), eflags: Values.RandomStatusFlags(rng), flagMask: CompareFlags));
        for (n = 0; n < 300; n++)
        {
            var b = Pick(rng);
            var a = rng.Next(3) == 0 ? b : rng.Next(2) == 0 ? b.Negate() : Pick(rng);
            cases.Add(Case(0x037F, [b, a], x => EmitCompare(x, op), eflags: Values.RandomStatusFlags(rng), flagMask: CompareFlags));
        }
        // Empty operands: stack underflow (masked) on compares.
        cases.Add(Case(0x037F, [X(1)], x => EmitCompare(x, op), flagMask: CompareFlags));
        if (op != "fxam") cases.Add(Case(0x037F, [], x => EmitCompare(x, op), flagMask: CompareFlags)); // FXAM's C1 shows stale bits
        FpuDifferential.AssertSameAsHost(cases);
    }

    public static TheoryData<string> StackOps => new()
    {
        "fld_st1", "fxch", "fincstp", "fdecstp", "ffree", "fst_st2", "fstp_st2", "fnclex", "fnop", "fldenv32", "fstenv16",
        "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", "push_full", "fadd_empty", "fstp_empty_m64", "fist_empty",
        "fdiv_unmasked_ze", "fsqrt_unmasked_ie", "fadd_unmasked_pe", "fmul_unmasked_oe", "fmul_unmasked_ue", "fst_unmasked_oe",
    };

    private static void EmitStack(Assembler a, string op)
    {
        var at = ebx + OperandAt;
        switch (op)
        {
            case "fld_st1": a.fld(st1); break;
            case "fxch": a.fxch(st0, st2); break;
            case "fincstp": a.fincstp(); a.fincstp(); break;
            case "fdecstp": a.fdecstp(); break;
            case "ffree": a.ffree(st1); break;
            case "fst_st2": a.fst(st2); break;
            case "fstp_st2": a.fstp(st2); break;
            case "fnclex": a.fdiv(st0, st1); a.fnclex(); break;
            case "fnop": a.fnop(); break;
            case "fldenv32": a.fnstenv(__[at]); a.fninit(); a.fldenv(__[at]); break;
            case "fstenv16": a.fdiv(st0, st2); a.db(0x66); a.fnstenv(__[at]); a.fld1(); a.db(0x66); a.fldenv(__[at]); break;
            case "fld1": a.fld1(); break;
            case "fldl2t": a.fldl2t(); break;
            case "fldl2e": a.fldl2e(); break;
            case "fldpi": a.fldpi(); break;
            case "fldlg2": a.fldlg2(); break;
            case "fldln2": a.fldln2(); break;
            case "fldz": a.fldz(); break;
            case "push_full": for (int i = 0; i < 6; i++) a.fld1(); a.fldpi(); break;
            case "fadd_empty": a.ffree(st1); a.fadd(st0, st1); a.faddp(st2, st0); break;
            case "fstp_empty_m64": a.ffree(st0); a.fstp(__qword_ptr[at]); break;
            case "fist_empty": a.ffree(st0); a.fist(__dword_ptr[at]); break;
            case "fdiv_unmasked_ze": a.fldz(); a.fdivp(st1, st0); break;
            case "fsqrt_unmasked_ie": a.fchs(); a.fsqrt(); break;
            case "fadd_unmasked_pe": a.fldpi(); a.faddp(st1, st0); break;
            case "fmul_unmasked_oe": a.fmul(st0, st0); break;
            case "fmul_unmasked_ue": a.fxch(st0, st1); a.fmul(st0, st0); break;
            default: a.fst(__dword_ptr[at]); break;
        }
    }

    [Theory, MemberData(nameof(StackOps))]
    public void Stack_and_control_instructions_match_host(string op)
    {
        var cases = new List<CpuCase>();
        var rng = new Random(op.Length * 7 + op[0]);
        bool unmasked = op.Contains("unmasked", StringComparison.Ordinal);
        foreach (ushort cw in ControlWords)
        {
            ushort c = unmasked ? (ushort)(cw & 0xFFC0) : cw;
            cases.Add(Case(c, [X(3), X(-2.5), X(1e300)], x => EmitStack(x, op)));
            cases.Add(Case(c, [RandomFinite(rng), RandomFinite(rng, 0x3FFF - 16000, 10), RandomFinite(rng, 0x3FFF + 16000, 10)], x => EmitStack(x, op)));
            cases.Add(Case(c, [Pick(rng), Pick(rng), Pick(rng), Pick(rng)], x => EmitStack(x, op)));
        }
        // The environment stored by FNSTENV holds instruction/data addresses that differ between the machines.
        FpuDifferential.AssertSameAsHost(cases, op == "fldenv32" ? (OperandAt + 12, 16) : (OperandAt + 6, 8));
    }
}
