namespace CamkesVm.X86.Fpu;

/// <summary>x87 exception flags as they sit in the status and control words (Intel SDM Vol. 1, 8.1.3.1 and 8.1.5).</summary>
public static class FpuExceptions
{
    public const int Invalid = 1, Denormal = 2, ZeroDivide = 4, Overflow = 8, Underflow = 16, Precision = 32;
    /// <summary>Stack fault (status word bit 6), always raised together with <see cref="Invalid"/>.</summary>
    public const int StackFault = 64;
    public const int All = 0x3F;
}

/// <summary>
/// A destination format for rounding (Intel SDM Vol. 1, Table 4-3): significand bits with the integer bit,
/// and the unbiased exponents of the smallest and largest normal numbers.
/// </summary>
internal readonly record struct FloatFormat(int Precision, int MinExponent, int MaxExponent)
{
    public static readonly FloatFormat Single = new(24, -126, 127);
    public static readonly FloatFormat Double = new(53, -1022, 1023);
    public static readonly FloatFormat Extended = new(64, -16382, 16383);

    /// <summary>The register format at the precision control's significand width (SDM Vol. 1, 8.1.5.2).</summary>
    public static FloatFormat Register(int precision) => new(precision, -16382, 16383);
}

/// <summary>
/// Rounding control, precision, the exception masks and the exceptions one operation raised. Passed by
/// reference through the arithmetic so nothing is allocated. <see cref="RoundedUp"/> is the C1 flag of
/// an inexact result (SDM Vol. 1, 8.1.3.1). <see cref="ToMemory"/> selects the response to unmasked
/// overflow/underflow: registers get the exponent-bias-adjusted result, memory gets nothing (SDM 4.9.1.4/5).
/// </summary>
internal struct FpuContext
{
    public int RoundingControl;
    public int Precision;
    public int Masks;
    public int Raised;
    public bool RoundedUp;
    public bool ToMemory;

    public FpuContext(int controlWord)
    {
        RoundingControl = (controlWord >> 10) & 3;
        Precision = ((controlWord >> 8) & 3) switch { 0 => 24, 2 => 53, _ => 64 };
        Masks = controlWord & FpuExceptions.All;
        Raised = 0;
        RoundedUp = false;
        ToMemory = false;
    }

    public readonly bool IsMasked(int exception) => (Masks & exception) != 0;

    /// <summary>Raises #IA (which outranks #D, SDM Vol. 1, 4.9.2) and returns the masked response, the QNaN indefinite.</summary>
    public Float80 Invalid()
    {
        Raised = (Raised & ~FpuExceptions.Denormal) | FpuExceptions.Invalid;
        return Float80.Indefinite;
    }
}
