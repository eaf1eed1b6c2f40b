using CamkesVm.X86.Fpu;
using CamkesVm.X86.Tests.Support;
using static CamkesVm.X86.Tests.Fpu.FpuProgram;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// Like <see cref="FpuDifferential"/>, for the transcendental instructions, whose finite results our CPU computes
/// to about a double ulp (see <c>Cpu.Fpu.Transcendental.cs</c>) while the x87 reaches about an extended ulp:
/// tags, exceptions and the status word must match exactly except C1 (the round-up indicator of an
/// approximation); a finite non-zero register must be within a relative <c>tolerance</c> of the host's, every
/// other value (zero, infinity, NaN, and the sign) bit for bit.
/// </summary>
public static class FpuApproximateDifferential
{
    private const ushort C1 = 0x0200;

    public static void AssertCloseToHost(IReadOnlyList<CpuCase> cases, double tolerance) =>
        Differential.AssertAgreesWithHost(cases, (ours, host, _) => Difference(ours, host, tolerance), Inputs, $" beyond {tolerance:G3}");

    /// <summary>The body's mnemonic, the control word and the stack inputs of a case (the failure text).</summary>
    private static string Inputs(CpuCase c)
    {
        var inputs = Enumerable.Range(0, 2).Select(k => new Float80(BitConverter.ToUInt64(c.Memory, InputsAt + 16 * k), BitConverter.ToUInt16(c.Memory, InputsAt + 16 * k + 8)));
        return $"cw={BitConverter.ToUInt16(c.Memory, 0):X4} push {string.Join(", ", inputs)}";
    }

    private static string? Difference(CpuOutcome ours, CpuOutcome host, double tolerance)
    {
        if (ours.Exception != null || host.Exception != null)
            return ours.Exception == host.Exception ? null : $"exception {ours.Exception ?? "none"} vs {host.Exception ?? "none"}";
        byte[] a = ours.Memory, b = host.Memory;
        ushort swA = (ushort)(SavedStatus(a) & ~C1), swB = (ushort)(SavedStatus(b) & ~C1);
        if (swA != swB) return $"status {swA:X4} vs {swB:X4}";
        ushort tags = SavedTags(a);
        if (tags != SavedTags(b)) return $"tags {tags:X4} vs {SavedTags(b):X4}";
        int top = (SavedStatus(a) >> 11) & 7;
        for (int i = 0; i < 8; i++)
        {
            if (((tags >> (2 * ((top + i) & 7))) & 3) == 3) continue;
            Float80 x = SavedRegister(a, i), y = SavedRegister(b, i);
            if (!Close(x, y, tolerance)) return $"ST({i}) {x} vs {y}";
        }
        return null;
    }

    private static bool Close(Float80 x, Float80 y, double tolerance)
    {
        if (x == y) return true;
        if (!x.IsFinite || !y.IsFinite || x.IsZero || y.IsZero || x.Sign != y.Sign) return false;
        double dx = Conversions.ToDouble(x), dy = Conversions.ToDouble(y);
        return Math.Abs(dx - dy) <= tolerance * Math.Max(Math.Abs(dx), Math.Abs(dy));
    }
}
