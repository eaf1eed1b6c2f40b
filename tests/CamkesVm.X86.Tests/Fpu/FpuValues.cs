using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// Extended-precision operands for the differential tests: the classes of Intel SDM Vol. 1, Table 8-3
/// (zeros, denormals, normals, infinities, QNaN/SNaN, the indefinite, unsupported encodings) at their edges,
/// plus seeded random finite values whose exponents cluster so that sums cancel and products under/overflow.
/// </summary>
public static class FpuValues
{
    public static readonly Float80[] Specials =
    [
        new(0, 0), new(0, 0x8000),
        new(1UL << 63, 0x3FFF), new(1UL << 63, 0xBFFF),
        new(1UL << 63, 0x7FFF), new(1UL << 63, 0xFFFF),                         // ±infinity
        new(0xC000_0000_0000_0000, 0x7FFF), new(0xC000_0000_0000_0000, 0xFFFF), // QNaN, indefinite
        new(0xE123_4567_89AB_CDEF, 0x7FFF), new(0xA000_0000_0000_0001, 0xFFFF), // QNaN payload, SNaN
        new(0x0000_0000_0000_0001, 0), new(0x7FFF_FFFF_FFFF_FFFF, 0x8000),     // denormals
        new(0x8000_0000_0000_0000, 0x0000),                                      // pseudo-denormal
        new(0x8000_0000_0000_0000, 0x0001), new(0xFFFF_FFFF_FFFF_FFFF, 0x7FFE), // min normal, max finite
        new(0x4000_0000_0000_0000, 0x3FFF),                                      // unnormal (invalid)
        new(0xFFFF_FFFF_FFFF_FFFF, 0x3FFF), new(0x8000_0000_0000_0001, 0x3FFF), // 2 − ulp, 1 + ulp
        new(0xA000_0000_0000_0000, 0x4000), new(0xC000_0000_0000_0000, 0xBFFE), // 2.5, −0.75
        new(0x8000_0000_0000_0400, 0x3C01), new(0x8000_0000_0000_0000, 0x43FE), // near the double limits
    ];

    /// <summary>A random finite value (sometimes denormal) whose exponent is near <paramref name="center"/>.</summary>
    public static Float80 RandomFinite(Random rng, int center = 0x3FFF, int spread = 70)
    {
        ulong m = ((ulong)rng.NextInt64() << 1) | (uint)rng.Next(2) | (1UL << 63);
        if (rng.Next(4) == 0) m &= ~((1UL << rng.Next(1, 60)) - 1) | 1UL << 63;   // short significands
        int e = Math.Clamp(center + rng.Next(-spread, spread + 1), 1, 0x7FFE);
        ushort s = (ushort)(rng.Next(2) == 0 ? 0 : 0x8000);
        if (rng.Next(16) == 0) return new Float80(m >> rng.Next(1, 64), s);          // denormal
        return new Float80(m, (ushort)(s | e));
    }

    /// <summary>Specials first, then random finite values.</summary>
    public static Float80 Pick(Random rng) =>
        rng.Next(3) == 0 ? Specials[rng.Next(Specials.Length)] : RandomFinite(rng);

    /// <summary>Control words: every rounding mode at every precision, exceptions masked.</summary>
    public static readonly ushort[] ControlWords =
        [0x037F, 0x027F, 0x007F, 0x077F, 0x0B7F, 0x0F7F, 0x067F, 0x0A7F, 0x0E7F, 0x047F, 0x087F, 0x0C7F];
}
