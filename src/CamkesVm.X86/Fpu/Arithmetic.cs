using System.Numerics;

namespace CamkesVm.X86.Fpu;

/// <summary>
/// Correctly rounded extended-precision arithmetic on <see cref="Float80"/>: add, subtract, multiply, divide
/// and square root, with the special cases of the Intel SDM Vol. 2 pages FADD, FSUB, FMUL, FDIV, FSQRT
/// (their "FADD/FADDP/FIADD Results" style tables), NaN propagation per SDM Vol. 1, 4.8.3.5 / Table 4-7,
/// and invalid-operand detection per Vol. 1, 8.5.1. Results are exact intermediates handed to <see cref="Rounding"/>.
/// </summary>
internal static class Arithmetic
{
    /// <summary>
    /// Common operand screening: unsupported encodings and NaNs decide the result; denormals raise #D.
    /// Returns true when <paramref name="result"/> is already the answer.
    /// </summary>
    public static bool Screen(Float80 a, Float80 b, ref FpuContext c, out Float80 result)
    {
        result = default;
        if (a.IsUnsupported || b.IsUnsupported) { result = c.Invalid(); return true; }
        if (a.IsNaN || b.IsNaN) { result = PropagateNaN(a, b, ref c); return true; }
        if (a.IsDenormal || b.IsDenormal) c.Raised |= FpuExceptions.Denormal;
        return false;
    }

    /// <summary>SDM Vol. 1, Table 4-7 (x87 column): the QNaN operand, or the NaN with the larger significand.</summary>
    public static Float80 PropagateNaN(Float80 a, Float80 b, ref FpuContext c)
    {
        c.Raised &= ~FpuExceptions.Denormal;                // a NaN operand outranks #D (SDM Vol. 1, 4.9.2)
        if (a.IsSignalingNaN || b.IsSignalingNaN) c.Raised |= FpuExceptions.Invalid;
        if (!b.IsNaN) return a.Quieted();
        if (!a.IsNaN) return b.Quieted();
        if (a.IsSignalingNaN != b.IsSignalingNaN) return a.IsSignalingNaN ? b : a;
        ulong ma = a.Significand | Float80.QuietBit, mb = b.Significand | Float80.QuietBit;
        if (ma != mb) return (ma > mb ? a : b).Quieted();
        return (a.Sign ? b : a).Quieted();
    }

    public static Float80 Add(Float80 a, Float80 b, bool subtract, ref FpuContext c)
    {
        if (Screen(a, b, ref c, out var r)) return r;
        if (subtract) b = b.Negate();
        if (a.IsInfinity || b.IsInfinity)
        {
            if (a.IsInfinity && b.IsInfinity && a.Sign != b.Sign) return c.Invalid();
            return a.IsInfinity ? a : b;
        }
        if (a.IsZero && b.IsZero)
            return a.Sign == b.Sign ? a : Float80.ZeroOf(c.RoundingControl == 1);
        a.Unpack(out ulong ma, out int ea);
        b.Unpack(out ulong mb, out int eb);
        bool sa = a.Sign, sb = b.Sign;
        UInt128 x = (UInt128)ma << 62, y = (UInt128)mb << 62;
        if (ea < eb || (ea == eb && ma < mb))
        {
            (x, y) = (y, x);
            (ea, eb) = (eb, ea);
            (sa, sb) = (sb, sa);
        }
        y = ShiftRightSticky(y, ea - eb);
        if (sa == sb) return Rounding.Round(sa, x + y, ea - 62, ref c, FormatOf(c));
        UInt128 diff = x - y;
        if (diff == 0) return Float80.ZeroOf(c.RoundingControl == 1);
        return Rounding.Round(sa, diff, ea - 62, ref c, FormatOf(c));
    }

    public static Float80 Multiply(Float80 a, Float80 b, ref FpuContext c)
    {
        if (Screen(a, b, ref c, out var r)) return r;
        bool sign = a.Sign != b.Sign;
        if (a.IsInfinity || b.IsInfinity)
            return a.IsZero || b.IsZero ? c.Invalid() : Float80.Infinity(sign);
        if (a.IsZero || b.IsZero) return Float80.ZeroOf(sign);
        a.Unpack(out ulong ma, out int ea);
        b.Unpack(out ulong mb, out int eb);
        return Rounding.Round(sign, (UInt128)ma * mb, ea + eb, ref c, FormatOf(c));
    }

    public static Float80 Divide(Float80 a, Float80 b, ref FpuContext c)
    {
        if (Screen(a, b, ref c, out var r)) return r;
        bool sign = a.Sign != b.Sign;
        if (a.IsInfinity) return b.IsInfinity ? c.Invalid() : Float80.Infinity(sign);
        if (b.IsInfinity) return Float80.ZeroOf(sign);
        if (b.IsZero)
        {
            if (a.IsZero) return c.Invalid();
            c.Raised = (c.Raised & ~FpuExceptions.Denormal) | FpuExceptions.ZeroDivide;
            return Float80.Infinity(sign);
        }
        if (a.IsZero) return Float80.ZeroOf(sign);
        Normalized(a, out ulong ma, out int ea);
        Normalized(b, out ulong mb, out int eb);
        UInt128 q = ((UInt128)ma << 64) / mb;
        UInt128 rem = ((UInt128)ma << 64) - q * mb;
        rem <<= 1;
        q <<= 1;
        if (rem >= mb) { q |= 1; rem -= mb; }
        UInt128 sig = (q << 1) | (rem != 0 ? 1u : 0u);
        return Rounding.Round(sign, sig, ea - eb - 66, ref c, FormatOf(c));
    }

    public static Float80 SquareRoot(Float80 a, ref FpuContext c)
    {
        if (Screen(a, Float80.Zero, ref c, out var r)) return r;
        if (a.IsZero) return a;
        if (a.Sign) return c.Invalid();
        if (a.IsInfinity) return a;
        Normalized(a, out ulong m, out int e);
        UInt128 x = m;
        if ((e & 1) != 0) { x <<= 1; e--; }
        UInt128 rem = 0, root = 0;
        for (int step = 0; step < 66; step++)
        {
            uint pair = step < 33 ? (uint)((x >> (64 - 2 * step)) & 3) : 0;
            rem = (rem << 2) | pair;
            UInt128 trial = (root << 2) | 1;
            root <<= 1;
            if (rem >= trial) { rem -= trial; root |= 1; }
        }
        UInt128 sig = (root << 1) | (rem != 0 ? 1u : 0u);
        return Rounding.Round(false, sig, e / 2 - 34, ref c, FormatOf(c));
    }

    /// <summary>Orders two non-NaN values: -1, 0 or 1 (zeros of either sign are equal).</summary>
    public static int CompareValues(Float80 a, Float80 b)
    {
        if (a.IsZero && b.IsZero) return 0;
        if (a.Sign != b.Sign) return a.Sign ? -1 : 1;
        int mag = CompareMagnitudes(a, b);
        return a.Sign ? -mag : mag;
    }

    private static int CompareMagnitudes(Float80 a, Float80 b)
    {
        if (a.IsZero) return -1;
        if (b.IsZero) return 1;
        Normalized(a, out ulong ma, out int ea);
        Normalized(b, out ulong mb, out int eb);
        if (ea != eb) return ea < eb ? -1 : 1;
        return ma == mb ? 0 : ma < mb ? -1 : 1;
    }

    /// <summary>The value as m · 2^e with the integer bit of m set (nonzero finite values only).</summary>
    public static void Normalized(Float80 a, out ulong m, out int e)
    {
        a.Unpack(out m, out e);
        int lz = BitOperations.LeadingZeroCount(m);
        m <<= lz;
        e -= lz;
    }

    public static UInt128 ShiftRightSticky(UInt128 v, int n)
    {
        if (n <= 0) return v;
        if (n >= 128) return v != 0 ? 1u : 0u;
        UInt128 lost = v & ((UInt128.One << n) - 1);
        return (v >> n) | (lost != 0 ? 1u : 0u);
    }

    public static FloatFormat FormatOf(in FpuContext c) => FloatFormat.Register(c.Precision);
}
