using System.Text.RegularExpressions;

namespace CamkesVm.X86.Tests.Coverage;

/// <summary>How an opcode cell without an instruction test is accounted for.</summary>
public enum ExemptionKind
{
    /// <summary>Not an instruction of this CPU: it must raise #UD, which <see cref="OpcodeCoverageTests"/> checks by running it.</summary>
    Undefined,
    /// <summary>Runs, but has no test of its own; the reason says why.</summary>
    Untested,
}

/// <summary>One exemption: cells whose name (as in <see cref="OpcodeSlot.Name"/>) matches <see cref="Cells"/>.</summary>
public sealed record OpcodeExemption(string Cells, ExemptionKind Kind, string Reason)
{
    private readonly Regex _regex = new($"^(?:{Cells})$");
    public bool Matches(OpcodeSlot slot) => _regex.IsMatch(slot.Name);
}

/// <summary>
/// The one place listing the opcode cells of the one-byte and 0F maps that have no instruction test, and why.
/// The CPU is a Pentium II-class i686 whose CPUID reports FPU DE PSE TSC MSR CX8 PGE CMOV only
/// (<c>Cpu.FeatureEdx</c>), so the later extensions are #UD here (SDM Vol. 2, "CPUID", Table 3-11).
/// </summary>
public static class OpcodeExemptions
{
    public static IReadOnlyList<OpcodeExemption> All { get; } =
    [
        new(@"0F (1[0-7]|2[89A-F]|[5-7][0-9A-F]|C[2-6]|[D-F][0-9A-F])|0F 7[1-3] /\d", ExemptionKind.Undefined,
            "MMX/SSE/SSE2 (CPUID.1:EDX bits 23, 25, 26 clear)"),
        new(@"0F AE /\d", ExemptionKind.Undefined, "FXSAVE/FXRSTOR, LDMXCSR/STMXCSR, XSAVE, fences, CLFLUSH (CPUID FXSR/SSE/SSE2/CLFSH clear)"),
        new(@"0F 0[57]", ExemptionKind.Undefined, "SYSCALL/SYSRET: AMD, not on Intel i686"),
        new(@"0F 0[DE]", ExemptionKind.Undefined, "3DNow! PREFETCH/FEMMS: AMD"),
        new(@"0F 3[45]", ExemptionKind.Undefined, "SYSENTER/SYSEXIT: CPUID.1:EDX.SEP (bit 11) is not reported"),
        new(@"0F 37", ExemptionKind.Undefined, "GETSEC (SMX)"),
        new(@"0F 3[8A]", ExemptionKind.Undefined, "three-byte maps 0F 38 / 0F 3A (SSSE3 and later)"),
        new(@"0F 7[89]", ExemptionKind.Undefined, "VMREAD/VMWRITE (VMX)"),
        new(@"0F A[67]", ExemptionKind.Undefined, "VIA PadLock"),
        new(@"0F AA", ExemptionKind.Undefined, "RSM: #UD outside system-management mode, which this CPU never enters"),
        new(@"0F C7 /[3-7]", ExemptionKind.Undefined, "XRSTORS/XSAVEC/XSAVES/RDRAND/RDSEED/VMPTRLD/VMPTRST"),
        new(@"0F 01 (C[02-9A-F]|D[0-8A-F]|E[89A-F]|F[89A-F])", ExemptionKind.Undefined,
            "0F 01 register forms of VMX, SVM (except VMMCALL), SGX, MONITOR/MWAIT, XGETBV, CLAC/STAC, TSX, RDTSCP and later"),
        new(@"C[67] /7", ExemptionKind.Undefined, "XABORT/XBEGIN (TSX)"),
        new(@"0F 0B|0F B9 /\d|0F FF", ExemptionKind.Undefined, "UD2, UD1, UD0: defined to raise #UD (SDM Vol. 2, \"UD\")"),
        new(@"D[BDF] /1m", ExemptionKind.Undefined, "FISTTP (SSE3, CPUID.1:ECX bit 0 clear)"),
        new(@"D9 D[89A-F]", ExemptionKind.Untested, "FSTP1 (D9 D8+i): an undocumented alias of FSTP ST(i) that Intel CPUs execute; not used by compilers"),
        new(@"DF C[0-7]", ExemptionKind.Untested, "FFREEP ST(i): undocumented on Intel (AMD documents it); frees ST(i) and pops"),
        new(@"DB E[014]", ExemptionKind.Untested, "FNENI/FNDISI/FNSETPM: 8087/287 controls that the 387 and later execute as no-ops (SDM Vol. 1, 8.x \"287 compatibility\")"),
    ];

    /// <summary>The exemption covering <paramref name="slot"/>: one of <see cref="All"/>, or the reserved cells Iced decodes nothing for.</summary>
    public static OpcodeExemption? Find(OpcodeSlot slot) =>
        slot.Mnemonics.Length == 0 ? Reserved : All.FirstOrDefault(e => e.Matches(slot));

    /// <summary>Blank cells of the SDM's opcode tables (Vol. 2, Appendix A): reserved, #UD.</summary>
    public static readonly OpcodeExemption Reserved = new(".*", ExemptionKind.Undefined, "reserved cell of SDM Vol. 2, Appendix A");
}
