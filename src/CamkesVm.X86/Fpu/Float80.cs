namespace CamkesVm.X86.Fpu;

/// <summary>
/// The x87 double extended-precision format (Intel SDM Vol. 1, 4.2.2 and Figure 4-3): a sign bit, a
/// 15-bit exponent biased by 16383 and a 64-bit significand with an explicit integer bit. This is the
/// internal representation of every x87 register, so loads, stores, FXCH and FSAVE/FRSTOR are exact.
/// Encodings follow SDM Vol. 1, Table 8-3 (classes) and 4.8.3 (NaNs, the QNaN floating-point indefinite).
/// </summary>
public readonly record struct Float80(ulong Significand, ushort SignExponent)
{
    /// <summary>Exponent bias of the format.</summary>
    public const int Bias = 16383;
    /// <summary>The integer bit of the significand.</summary>
    public const ulong IntegerBit = 1UL << 63;
    /// <summary>The quiet bit of a NaN's significand.</summary>
    public const ulong QuietBit = 1UL << 62;

    public static readonly Float80 Zero = new(0, 0);
    public static readonly Float80 One = new(IntegerBit, Bias);
    /// <summary>The QNaN floating-point indefinite (SDM Vol. 1, Table 4-3): negative, quiet bit only.</summary>
    public static readonly Float80 Indefinite = new(0xC000_0000_0000_0000, 0xFFFF);
    public static readonly Float80 PositiveInfinity = new(IntegerBit, 0x7FFF);

    public bool Sign => (SignExponent & 0x8000) != 0;
    /// <summary>The biased exponent field.</summary>
    public int Exponent => SignExponent & 0x7FFF;

    public bool IsZero => Exponent == 0 && Significand == 0;
    /// <summary>Denormal or pseudo-denormal (exponent field 0, significand not 0).</summary>
    public bool IsDenormal => Exponent == 0 && Significand != 0;
    public bool IsInfinity => Exponent == 0x7FFF && Significand == IntegerBit;
    public bool IsNaN => Exponent == 0x7FFF && (Significand & IntegerBit) != 0 && (Significand << 1) != 0;
    public bool IsSignalingNaN => IsNaN && (Significand & QuietBit) == 0;
    /// <summary>Unnormals, pseudo-NaNs and pseudo-infinities: unsupported encodings, invalid operands since the 387.</summary>
    public bool IsUnsupported => Exponent != 0 && (Significand & IntegerBit) == 0;
    /// <summary>A finite nonzero value the arithmetic can take (normal or denormal).</summary>
    public bool IsFinite => Exponent != 0x7FFF && !IsUnsupported;

    public Float80 Negate() => new(Significand, (ushort)(SignExponent ^ 0x8000));
    public Float80 Abs() => new(Significand, (ushort)(SignExponent & 0x7FFF));
    public Float80 WithSign(bool negative) => new(Significand, (ushort)((SignExponent & 0x7FFF) | (negative ? 0x8000 : 0)));
    /// <summary>The same NaN with its quiet bit set.</summary>
    public Float80 Quieted() => new(Significand | QuietBit, SignExponent);

    public static Float80 Infinity(bool negative) => PositiveInfinity.WithSign(negative);
    public static Float80 ZeroOf(bool negative) => Zero.WithSign(negative);

    /// <summary>
    /// Unpacks a finite value as <paramref name="sig"/> · 2^<paramref name="exp2"/> with the integer bit of a
    /// normal value at bit 63 (denormals keep their leading zeros; the exponent is then the minimum).
    /// </summary>
    public void Unpack(out ulong sig, out int exp2)
    {
        sig = Significand;
        exp2 = Math.Max(Exponent, 1) - Bias - 63;
    }

    /// <summary>A decimal rendering for diagnostics (through double, so not exact).</summary>
    public override string ToString() => $"{SignExponent:X4}:{Significand:X16} (~{Conversions.ToDouble(this):R})";
}
