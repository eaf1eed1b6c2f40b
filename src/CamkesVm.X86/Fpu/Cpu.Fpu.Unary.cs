using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// ST(0)-only and exact operations (Intel SDM Vol. 2 pages FCHS, FABS, FSQRT, FRNDINT, FSCALE, FXTRACT,
/// FPREM, FPREM1; Vol. 1, 8.3.7 and 8.3.10): all are computed exactly and rounded once (FPREM/FPREM1 and
/// FXTRACT are exact; FSCALE, as on the host, is rounded at 64 bits whatever the precision control).
/// FPREM reduces by at most 2^63 per step: for exponent differences of 64 or more it returns a partial remainder with C2 = 1 and C0/C1/C3 clear, reducing the difference to 32 + (D mod 32)
/// (the SDM leaves N implementation-dependent in 32..63; the host differential test checks our choice).
/// </summary>
public sealed unsafe partial class Cpu
{
    private enum SignOp { Negate, Abs }
    private enum UnaryOp { SquareRoot, RoundToInteger }

    /// <summary>Checks ST(0) (and ST(1) when <paramref name="two"/>) are in use; on underflow stores the masked response.</summary>
    private bool FpuOperandsPresent(bool two)
    {
        if (!StEmpty(0) && (!two || !StEmpty(1))) return true;
        if (StackUnderflow()) SetSt(0, Float80.Indefinite);
        return false;
    }

    /// <summary>For ST(1)-result-and-pop instructions: on underflow, the masked response goes to ST(1), then pop.</summary>
    private bool FpuOperandsPresentOrPopped()
    {
        if (!StEmpty(0) && !StEmpty(1)) return true;
        if (StackUnderflow())
        {
            SetSt(1, Float80.Indefinite);
            FpuPop();
        }
        return false;
    }

    private void FpuSignOp(SignOp op)
    {
        if (!FpuOperandsPresent(false)) return;
        SetC1(false);
        SetSt(0, op == SignOp.Negate ? St(0).Negate() : St(0).Abs());
    }

    private void FpuUnaryExact(UnaryOp op)
    {
        if (!FpuOperandsPresent(false)) return;
        var c = new FpuContext(_fpuControl);
        var r = op == UnaryOp.SquareRoot ? Arithmetic.SquareRoot(St(0), ref c) : RoundToIntegral(St(0), ref c);
        FpuStoreResult(0, r, ref c, pop: false);
    }

    private static Float80 RoundToIntegral(Float80 v, ref FpuContext c)
    {
        if (Arithmetic.Screen(v, Float80.Zero, ref c, out var r)) return r;
        if (v.IsInfinity || v.IsZero) return v;
        v.Unpack(out _, out int e);
        if (e >= 0) return v;
        Conversions.RoundToInteger(v, c.RoundingControl, out bool neg, out ulong mag, out bool inexact);
        if (inexact) Conversions.SignalInexactInteger(v, mag, ref c);
        return Rounding.Pack(neg, mag, 0);
    }

    private void FpuScale()
    {
        if (!FpuOperandsPresent(true)) return;
        var c = new FpuContext(_fpuControl);
        var r = Scale(St(0), St(1), ref c);
        FpuStoreResult(0, r, ref c, pop: false);
    }

    private static Float80 Scale(Float80 x, Float80 s, ref FpuContext c)
    {
        if (Arithmetic.Screen(x, s, ref c, out var r)) return r;
        if (s.IsInfinity)
        {
            if (!s.Sign) return x.IsZero ? c.Invalid() : Float80.Infinity(x.Sign);
            return x.IsInfinity ? c.Invalid() : Float80.ZeroOf(x.Sign);
        }
        if (x.IsInfinity || x.IsZero) return x;
        bool fits = Conversions.RoundToInteger(s, 3, out bool neg, out ulong mag, out _);
        if (!fits || mag > 1 << 20) mag = 1 << 20;
        int n = neg ? -(int)mag : (int)mag;
        x.Unpack(out ulong m, out int e);
        return Rounding.Round(x.Sign, m, e + n, ref c, FloatFormat.Extended);   // the host ignores PC here
    }

    /// <summary>FXTRACT: ST(0) becomes the exponent and the significand (exponent 0) is pushed.</summary>
    private void FpuExtract()
    {
        if (!BeginReplaceAndPush()) return;
        var c = new FpuContext(_fpuControl);
        var x = St(0);
        Float80 exponent, significand;
        if (Arithmetic.Screen(x, Float80.Zero, ref c, out var nan)) exponent = significand = nan;
        else if (x.IsZero)
        {
            c.Raised |= FpuExceptions.ZeroDivide;
            exponent = Float80.Infinity(true);
            significand = x;
        }
        else if (x.IsInfinity) { exponent = Float80.PositiveInfinity; significand = x; }
        else
        {
            Arithmetic.Normalized(x, out ulong m, out int e);
            exponent = Conversions.FromInt64(e + 63);
            significand = new Float80(m, (ushort)((x.Sign ? 0x8000 : 0) | Float80.Bias));
        }
        ReplaceAndPush(ref c, exponent, significand);
    }

    private void FpuRemainder(bool ieee)
    {
        if (!FpuOperandsPresent(true)) return;
        var c = new FpuContext(_fpuControl);
        var r = Remainder(St(0), St(1), ieee, ref c, out ulong quotient, out bool partial);
        if (!CommitFpu(ref c)) return;
        SetSt(0, r);
        SetConditionCodes((quotient & 4) != 0, (quotient & 1) != 0, partial, (quotient & 2) != 0);
    }

    private static Float80 Remainder(Float80 x, Float80 y, bool ieee, ref FpuContext c, out ulong q, out bool partial)
    {
        q = 0;
        partial = false;
        if (Arithmetic.Screen(x, y, ref c, out var r)) return r;
        if (x.IsInfinity || y.IsZero) return c.Invalid();
        if (x.IsZero) return x;
        Arithmetic.Normalized(x, out ulong mx, out int ex);
        if (y.IsInfinity) return Rounding.Round(x.Sign, mx, ex, ref c, FloatFormat.Extended);
        Arithmetic.Normalized(y, out ulong my, out int ey);
        int d = ex - ey;
        if (d >= 64)
        {
            partial = true;
            ey += d - (32 + d % 32);
            d = ex - ey;
        }
        if (d < -1) return Rounding.Round(x.Sign, mx, ex, ref c, FloatFormat.Extended);   // |x| < |y|/2: x, normalized
        int b = Math.Min(ex, ey);
        UInt128 xv = (UInt128)mx << (ex - b), yv = (UInt128)my << (ey - b);
        UInt128 quot = xv / yv, rem = xv - quot * yv;
        bool sign = x.Sign;
        if (ieee && !partial && (rem * 2 > yv || (rem * 2 == yv && (quot & 1) != 0)))
        {
            rem = yv - rem;
            quot++;
            sign = !sign;
        }
        q = partial ? 0 : (ulong)quot;
        if (rem == 0) return Float80.ZeroOf(x.Sign);
        return Rounding.Round(sign, rem, b, ref c, FloatFormat.Extended);
    }
}
