namespace CamkesVm.X86.Fpu;

/// <summary>
/// Conversions between <see cref="Float80"/> and the memory formats: single and double precision
/// (Intel SDM Vol. 1, 4.2.2; FLD/FST pages of Vol. 2), 16/32/64-bit integers (FILD/FIST, with the integer
/// indefinite of Vol. 1, 4.2.1 and Table 8-13 as the masked #IA response) and 18-digit packed BCD (FBLD/FBSTP,
/// Vol. 1, 4.7). Loads are exact; stores round with the control word's RC.
/// </summary>
internal static class Conversions
{
    /// <summary>
    /// Widens an IEEE single or double (given its raw bits) exactly. For a load (<paramref name="quietNaN"/>) an
    /// SNaN raises #IA and is quieted; an arithmetic operand keeps it signalling for the NaN rules of the operation.
    /// </summary>
    public static Float80 FromIeee(ulong bits, FloatFormat f, ref FpuContext c, bool quietNaN = true)
    {
        int fracBits = f.Precision - 1, expBits = f.Precision == 24 ? 8 : 11;
        bool sign = (bits >> (fracBits + expBits)) != 0;
        int exp = (int)(bits >> fracBits) & ((1 << expBits) - 1);
        ulong frac = bits & ((1UL << fracBits) - 1);
        int maxExp = (1 << expBits) - 1, bias = maxExp >> 1;
        ushort s = (ushort)(sign ? 0x8000 : 0);
        if (exp == maxExp)
        {
            if (frac == 0) return Float80.Infinity(sign);
            var nan = new Float80(Float80.IntegerBit | (frac << (64 - f.Precision)), (ushort)(s | 0x7FFF));
            if (!quietNaN) return nan;
            if (nan.IsSignalingNaN) c.Raised |= FpuExceptions.Invalid;
            return nan.Quieted();
        }
        if (exp == 0)
        {
            if (frac == 0) return Float80.ZeroOf(sign);
            c.Raised |= FpuExceptions.Denormal;
            return Rounding.Pack(sign, frac, 1 - bias - fracBits);
        }
        return new Float80(Float80.IntegerBit | (frac << (64 - f.Precision)), (ushort)(s | (exp - bias + Float80.Bias)));
    }

    /// <summary>Narrows to an IEEE single or double's raw bits, rounding by RC (masked responses per SDM 4.9.1).</summary>
    public static ulong ToIeee(Float80 v, FloatFormat f, ref FpuContext c)
    {
        int fracBits = f.Precision - 1, expBits = f.Precision == 24 ? 8 : 11;
        int maxExp = (1 << expBits) - 1, bias = maxExp >> 1;
        ulong signBit = v.Sign ? 1UL << (fracBits + expBits) : 0;
        if (v.IsUnsupported) { c.Raised |= FpuExceptions.Invalid; v = Float80.Indefinite; signBit = 1UL << (fracBits + expBits); }
        if (v.IsNaN)
        {
            if (v.IsSignalingNaN) c.Raised |= FpuExceptions.Invalid;
            ulong frac = (v.Significand | Float80.QuietBit) << 1 >> (65 - f.Precision);
            return signBit | ((ulong)maxExp << fracBits) | frac;
        }
        if (v.IsInfinity) return signBit | ((ulong)maxExp << fracBits);
        if (v.IsZero) return signBit;
        v.Unpack(out ulong m, out int e);                  // no #D for a denormal source: the host raises none
        var r = Rounding.Round(v.Sign, m, e, ref c, f);
        if (r.IsInfinity) return signBit | ((ulong)maxExp << fracBits);
        if (r.IsZero) return signBit;
        Arithmetic.Normalized(r, out ulong rm, out int re);
        int unbiased = re + 63;
        if (unbiased < f.MinExponent)
            return signBit | (rm >> (64 - f.Precision + f.MinExponent - unbiased));
        ulong fraction = (rm << 1) >> (65 - f.Precision);
        return signBit | ((ulong)(unbiased + bias) << fracBits) | fraction;
    }

    public static Float80 FromInt64(long value)
    {
        if (value == 0) return Float80.Zero;
        ulong mag = value < 0 ? (ulong)-value : (ulong)value;
        return Rounding.Pack(value < 0, mag, 0);
    }

    /// <summary>
    /// Rounds to an integer by RC. Returns false when the value is a NaN, infinity or unsupported encoding or its
    /// magnitude does not fit in 64 bits; <paramref name="inexact"/> tells that a fraction was discarded.
    /// </summary>
    public static bool RoundToInteger(Float80 v, int rc, out bool negative, out ulong magnitude, out bool inexact)
    {
        negative = v.Sign;
        magnitude = 0;
        inexact = false;
        if (!v.IsFinite) return false;
        if (v.IsZero) return true;
        v.Unpack(out ulong m, out int e);
        if (e >= 1) return false;
        if (e == 0) { magnitude = m; return true; }
        UInt128 wide = (UInt128)m << 64;
        UInt128 shifted = Arithmetic.ShiftRightSticky(wide, -e);
        ulong intPart = (ulong)(shifted >> 64), frac = (ulong)shifted;
        inexact = frac != 0;
        bool half = (frac >> 63) != 0, rest = (frac << 1) != 0;
        bool up = rc switch
        {
            0 => half && (rest || (intPart & 1) != 0),
            1 => inexact && negative,
            2 => inexact && !negative,
            _ => false,
        };
        if (up)
        {
            if (intPart == ulong.MaxValue) return false;
            intPart++;
        }
        magnitude = intPart;
        return true;
    }

    /// <summary>FIST/FISTP: the integer of <paramref name="bytes"/> bytes, or the integer indefinite with #IA (no #D, as on the host).</summary>
    public static ulong ToInteger(Float80 v, int bytes, ref FpuContext c)
    {
        ulong indefinite = 1UL << (bytes * 8 - 1);
        if (v.IsSignalingNaN || !RoundToInteger(v, c.RoundingControl, out bool neg, out ulong mag, out bool inexact)
            || (neg ? mag > indefinite : mag >= indefinite))
        {
            c.Raised |= FpuExceptions.Invalid;
            return indefinite;
        }
        if (inexact) SignalInexactInteger(v, mag, ref c);
        ulong mask = bytes == 8 ? ulong.MaxValue : (1UL << (bytes * 8)) - 1;
        return (neg ? (ulong)-(long)mag : mag) & mask;
    }

    /// <summary>#P for an integer result that dropped a fraction; C1 tells whether it was rounded away from zero.</summary>
    public static void SignalInexactInteger(Float80 v, ulong rounded, ref FpuContext c)
    {
        c.Raised |= FpuExceptions.Precision;
        RoundToInteger(v, 3, out _, out ulong chopped, out _);
        c.RoundedUp = rounded != chopped;
    }

    /// <summary>FBLD: 18 BCD digits in bytes 0–8, sign in bit 7 of byte 9. Invalid digits give an undefined value.</summary>
    public static Float80 FromBcd(ReadOnlySpan<byte> b)
    {
        long v = 0;
        for (int i = 8; i >= 0; i--) v = v * 100 + (b[i] >> 4) * 10 + (b[i] & 0xF);
        var r = FromInt64(v);
        return r.WithSign((b[9] & 0x80) != 0);
    }

    /// <summary>FBSTP: rounds by RC; out-of-range values and NaNs store the packed BCD indefinite with #IA.</summary>
    public static void ToBcd(Float80 v, Span<byte> b, ref FpuContext c)
    {
        if (!RoundToInteger(v, c.RoundingControl, out bool neg, out ulong mag, out bool inexact) || mag > 999_999_999_999_999_999UL)
        {
            c.Raised |= FpuExceptions.Invalid;
            b.Clear();
            b[7] = 0xC0;
            b[8] = b[9] = 0xFF;
            return;
        }
        if (inexact) SignalInexactInteger(v, mag, ref c);
        for (int i = 0; i < 9; i++)
        {
            int lo = (int)(mag % 10); mag /= 10;
            int hi = (int)(mag % 10); mag /= 10;
            b[i] = (byte)((hi << 4) | lo);
        }
        b[9] = (byte)(neg ? 0x80 : 0);
    }

    /// <summary>Nearest double (for the transcendental functions and diagnostics).</summary>
    public static double ToDouble(Float80 v)
    {
        var c = new FpuContext(0x027F);
        return BitConverter.UInt64BitsToDouble(ToIeee(v, FloatFormat.Double, ref c));
    }

    /// <summary>Exact widening of a host double (for constants and the transcendental functions).</summary>
    public static Float80 FromDouble(double d)
    {
        var c = new FpuContext(0x037F);
        return FromIeee(BitConverter.DoubleToUInt64Bits(d), FloatFormat.Double, ref c);
    }
}
