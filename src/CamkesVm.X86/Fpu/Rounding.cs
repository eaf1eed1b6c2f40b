using System.Numerics;

namespace CamkesVm.X86.Fpu;

/// <summary>
/// Rounds an exact intermediate result to a destination format (Intel SDM Vol. 1, 4.8.4 rounding control,
/// 4.9.1.4 overflow, 4.9.1.5 underflow with tininess detected after rounding with unbounded exponent,
/// 8.1.5.2 precision control). The intermediate is sig · 2^exp2 with sticky information already folded
/// into the low bit of sig (callers keep at least two bits below the rounding position).
/// </summary>
internal static class Rounding
{
    /// <summary>Exponent adjustment of unmasked overflow/underflow results delivered to a register (SDM 4.9.1.4).</summary>
    private const int BiasAdjust = 24576;

    public static Float80 Round(bool sign, UInt128 sig, int exp2, ref FpuContext c, FloatFormat f)
    {
        if (sig == 0) return Float80.ZeroOf(sign);
        int lz = (int)UInt128.LeadingZeroCount(sig);
        sig <<= lz;
        int e = exp2 + 127 - lz;                         // exponent of the leading bit
        ulong q = RoundTop(sig, f.Precision, sign, c.RoundingControl, out bool inexact, out bool up, out bool carry);
        int eRounded = e + (carry ? 1 : 0);
        if (eRounded > f.MaxExponent) return Overflow(sign, q, eRounded, inexact, up, ref c, f);
        if (eRounded < f.MinExponent)
        {
            if (!c.IsMasked(FpuExceptions.Underflow))
            {
                c.Raised |= FpuExceptions.Underflow | (inexact ? FpuExceptions.Precision : 0);
                c.RoundedUp = up;
                return Pack(sign, q, eRounded + BiasAdjust - f.Precision + 1);
            }
            int keep = f.Precision - (f.MinExponent - e);
            q = RoundTop(sig, keep, sign, c.RoundingControl, out inexact, out up, out bool denormalCarry);
            if (denormalCarry) q = 1UL << keep;
            if (inexact) c.Raised |= FpuExceptions.Underflow | FpuExceptions.Precision;
            c.RoundedUp = up;
            return Pack(sign, q, f.MinExponent - f.Precision + 1);
        }
        if (inexact) c.Raised |= FpuExceptions.Precision;
        c.RoundedUp = up;
        return Pack(sign, q, eRounded - f.Precision + 1);
    }

    private static Float80 Overflow(bool sign, ulong q, int e, bool inexact, bool up, ref FpuContext c, FloatFormat f)
    {
        c.Raised |= FpuExceptions.Overflow;
        if (!c.IsMasked(FpuExceptions.Overflow))
        {
            if (inexact) c.Raised |= FpuExceptions.Precision;
            c.RoundedUp = up;
            return Pack(sign, q, e - BiasAdjust - f.Precision + 1);
        }
        c.Raised |= FpuExceptions.Precision;
        bool toInfinity = c.RoundingControl switch { 0 => true, 1 => sign, 2 => !sign, _ => false };
        c.RoundedUp = toInfinity;
        if (toInfinity) return Float80.Infinity(sign);
        ulong max = f.Precision == 64 ? ulong.MaxValue : (1UL << f.Precision) - 1;
        return Pack(sign, max, f.MaxExponent - f.Precision + 1);
    }

    /// <summary>
    /// Keeps the top <paramref name="keep"/> bits of <paramref name="sig"/> (bit 127 set), rounded by RC.
    /// keep ≤ 0 means the whole value lies below the last kept bit. A carry out of the kept bits (the
    /// significand rounded up to 2^keep) is returned as the halved significand with <paramref name="carry"/> set.
    /// </summary>
    private static ulong RoundTop(UInt128 sig, int keep, bool sign, int rc, out bool inexact, out bool up, out bool carry)
    {
        ulong q;
        bool half, sticky;
        if (keep >= 1)
        {
            q = (ulong)(sig >> (128 - keep));
            UInt128 rest = sig << keep;
            half = (rest >> 127) != 0;
            sticky = (rest << 1) != 0;
        }
        else
        {
            q = 0;
            half = keep == 0;
            sticky = keep < 0 || (sig << 1) != 0;
        }
        inexact = half || sticky;
        up = rc switch
        {
            0 => half && (sticky || (q & 1) != 0),
            1 => inexact && sign,
            2 => inexact && !sign,
            _ => false,
        };
        carry = false;
        if (!up) return q;
        q++;
        if (keep >= 1 && (keep == 64 ? q == 0 : q == 1UL << keep))
        {
            carry = true;
            return 1UL << (keep - 1);
        }
        return q;
    }

    /// <summary>Packs the exactly representable value q · 2^lsbExp (q may be 0) into the extended format.</summary>
    public static Float80 Pack(bool sign, ulong q, int lsbExp)
    {
        ushort s = (ushort)(sign ? 0x8000 : 0);
        if (q == 0) return new Float80(0, s);
        int lz = BitOperations.LeadingZeroCount(q);
        ulong m = q << lz;
        int biased = lsbExp + 63 - lz + Float80.Bias;
        if (biased <= 0)
        {
            m >>= 1 - biased;
            biased = 0;
        }
        return new Float80(m, (ushort)(s | biased));
    }
}
