using CamkesVm.X86.Tests.Support;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// Runs x87 programs (<see cref="FpuProgram"/>) on the host and on our CPU and fails with the first
/// differences. In every FNSAVE image of a data window it first clears what may differ between two correct
/// machines: the instruction and data pointers (bytes 12–27: addresses of different code) and the contents of
/// registers tagged empty (FNINIT leaves the old bits there, so the host shows earlier programs' values).
/// Callers name further byte ranges to ignore (environments or save images stored by the program itself).
/// The host reports an x87 #MF as SIGFPE, printed as "#DE"; our runner has CR0.NE = 0, so compared programs
/// must not wait on an unmasked exception (#MF is tested against the SDM in <see cref="FpuExceptionTests"/>).
/// </summary>
public static class FpuDifferential
{
    public static void AssertSameAsHost(IReadOnlyList<CpuCase> cases, params (int At, int Length)[] ignored) =>
        Differential.AssertAgreesWithHost(cases, (ours, host, c) =>
        {
            Normalize(ours, ignored);
            Normalize(host, ignored);
            var diff = ours.Difference(host, c);
            return diff == null ? null : $"{diff}\n  ours {Describe(ours)}\n  host {Describe(host)}";
        });

    private static void Normalize(CpuOutcome o, (int At, int Length)[] ignored)
    {
        if (o.Exception != null) return;
        MaskSaveImage(o.Memory, FpuProgram.SaveAt);
        foreach (var (at, length) in ignored) o.Memory.AsSpan(at, length).Clear();
    }

    private static void MaskSaveImage(byte[] window, int at)
    {
        window.AsSpan(at + 12, 16).Clear();
        int tags = BitConverter.ToUInt16(window, at + 8);
        int top = (BitConverter.ToUInt16(window, at + 4) >> 11) & 7;
        for (int i = 0; i < 8; i++)
            if (((tags >> (2 * ((top + i) & 7))) & 3) == 3) window.AsSpan(at + 28 + 10 * i, 10).Clear();
    }

    /// <summary>Status word, tags and ST(0)–ST(7) of the final save image, for failure messages.</summary>
    private static string Describe(CpuOutcome o)
    {
        if (o.Exception != null) return o.Exception;
        var w = o.Memory;
        var regs = Enumerable.Range(0, 8).Select(i => FpuProgram.SavedRegister(w, i).ToString());
        return $"cw={BitConverter.ToUInt32(w, FpuProgram.SaveAt):X8} sw={BitConverter.ToUInt32(w, FpuProgram.SaveAt + 4):X8} " +
               $"tw={BitConverter.ToUInt32(w, FpuProgram.SaveAt + 8):X8} st: {string.Join(", ", regs)} op={Convert.ToHexString(w, FpuProgram.OperandAt, 32)}";
    }
}
