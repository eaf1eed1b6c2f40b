using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Transcendental instructions F2XM1, FYL2X, FYL2XP1, FPTAN, FPATAN, FSIN, FCOS, FSINCOS (Intel SDM Vol. 2
/// pages; Vol. 1, 8.3.9 and 8.3.10). Special operands follow the SDM's result tables; finite results are
/// computed in host double precision and rounded to extended (precision control applies only to the basic
/// arithmetic and FSQRT, SDM Vol. 1, 8.1.5.2), so they are accurate to
/// about one double ulp (relative 2^-52), not to the extended ulp real x87 hardware reaches. PE is set for
/// every such result. Trigonometric operands of magnitude 2^63 or more set C2 and are left unchanged.
/// </summary>
public sealed unsafe partial class Cpu
{
    private enum Transcendental { TwoToXMinus1, Sine, Cosine }

    private static Float80 FromApproximation(double value, ref FpuContext c)
    {
        var v = Conversions.FromDouble(value);
        if (!v.IsFinite || v.IsZero) return v;
        c.Raised |= FpuExceptions.Precision;
        v.Unpack(out ulong m, out int e);
        return Rounding.Round(v.Sign, m, e, ref c, FloatFormat.Extended);   // PC does not apply (SDM Vol. 1, 8.1.5.2)
    }

    /// <summary>e^y − 1 without the cancellation of Exp(y) − 1 near 0: 2t / (1 − t) with t = tanh(y / 2).</summary>
    private static double ExpM1(double y)
    {
        if (Math.Abs(y) > 0.5) return Math.Exp(y) - 1;
        double t = Math.Tanh(y / 2);
        return 2 * t / (1 - t);
    }

    /// <summary>ln(1 + x) without the rounding of 1 + x near 0: 2 · atanh(x / (2 + x)); keeps the sign of a zero.</summary>
    private static double LogP1(double x) => 2 * Math.Atanh(x / (2 + x));

    private static bool InTrigRange(Float80 x) => x.Exponent < Float80.Bias + 63;

    private void FpuUnaryTranscendental(Transcendental f)
    {
        if (!FpuOperandsPresent(false)) return;
        var c = new FpuContext(_fpuControl);
        var x = St(0);
        bool trig = f != Transcendental.TwoToXMinus1;
        if (trig) _fpuStatus &= unchecked((ushort)~SwC2);
        if (!Arithmetic.Screen(x, Float80.Zero, ref c, out var r))
        {
            if (trig && x.IsInfinity) r = c.Invalid();
            else if (trig && !InTrigRange(x)) { _fpuStatus |= SwC2; return; }
            else if (x.IsZero) r = f == Transcendental.Cosine ? Float80.One : x;
            else if (x.IsInfinity) r = x.Sign ? Float80.One.Negate() : x;
            else
            {
                double v = Conversions.ToDouble(x);
                r = FromApproximation(f switch
                {
                    Transcendental.TwoToXMinus1 => ExpM1(v * Math.Log(2)),
                    Transcendental.Sine => Math.Sin(v),
                    _ => Math.Cos(v),
                }, ref c);
            }
        }
        FpuStoreResult(0, r, ref c, pop: false);
    }

    /// <summary>FPTAN (ST(0) = tan, push 1.0) and FSINCOS (ST(0) = sin, push cos).</summary>
    private void FpuPartialTangent() => FpuTrigPair(tangent: true);

    private void FpuSineCosine() => FpuTrigPair(tangent: false);

    private void FpuTrigPair(bool tangent)
    {
        if (!BeginReplaceAndPush()) return;
        var c = new FpuContext(_fpuControl);
        var x = St(0);
        _fpuStatus &= unchecked((ushort)~SwC2);
        Float80 first, second;
        if (Arithmetic.Screen(x, Float80.Zero, ref c, out var nan)) first = second = nan;
        else if (x.IsInfinity) first = second = c.Invalid();
        else if (!InTrigRange(x)) { _fpuStatus |= SwC2; return; }
        else if (x.IsZero) { first = x; second = Float80.One; }
        else
        {
            double v = Conversions.ToDouble(x);
            first = FromApproximation(tangent ? Math.Tan(v) : Math.Sin(v), ref c);
            second = tangent ? Float80.One : FromApproximation(Math.Cos(v), ref c);
        }
        ReplaceAndPush(ref c, first, second);
    }

    /// <summary>FPATAN: ST(1) = arctan(ST(1) / ST(0)) with the quadrant of the signs (IEEE atan2 special cases), pop.</summary>
    private void FpuArcTangent()
    {
        if (!FpuOperandsPresentOrPopped()) return;
        var c = new FpuContext(_fpuControl);
        Float80 x = St(0), y = St(1);
        if (!Arithmetic.Screen(y, x, ref c, out var r))
        {
            double a = Math.Atan2(Conversions.ToDouble(y), Conversions.ToDouble(x));
            r = a == 0 ? Float80.ZeroOf(double.IsNegative(a)) : FromApproximation(a, ref c);
        }
        FpuStoreResult(1, r, ref c, pop: true);
    }

    /// <summary>FYL2X: ST(1) = ST(1) · log2(ST(0)); FYL2XP1: ST(1) = ST(1) · log2(ST(0) + 1); then pop.</summary>
    private void FpuLogarithm(bool plusOne)
    {
        if (!FpuOperandsPresentOrPopped()) return;
        var c = new FpuContext(_fpuControl);
        Float80 x = St(0), y = St(1);
        if (!Arithmetic.Screen(y, x, ref c, out var r)) r = Logarithm(x, y, plusOne, ref c);
        FpuStoreResult(1, r, ref c, pop: true);
    }

    private static Float80 Logarithm(Float80 x, Float80 y, bool plusOne, ref FpuContext c)
    {
        double xv = Conversions.ToDouble(x), yv = Conversions.ToDouble(y);
        double arg = plusOne ? xv + 1 : xv;
        if (!plusOne && x.Sign && !x.IsZero) return c.Invalid();
        if (plusOne && arg < 0) return c.Invalid();
        if (!plusOne && x.IsZero)
        {
            if (y.IsZero) return c.Invalid();
            if (!y.IsInfinity) c.Raised |= FpuExceptions.ZeroDivide;
            return Float80.Infinity(!y.Sign);
        }
        double lg = plusOne ? LogP1(xv) / Math.Log(2) : Math.Log2(arg);
        if (lg == 0 && y.IsInfinity) return c.Invalid();
        if (double.IsInfinity(lg) && y.IsZero) return c.Invalid();
        if (lg == 0 || y.IsZero) return Float80.ZeroOf(y.Sign != (lg < 0 || double.IsNegative(lg)));
        double product = yv * lg;
        return FromApproximation(product, ref c);
    }
}
