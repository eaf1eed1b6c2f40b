using CamkesVm.Adl.Syntax;

namespace CamkesVm.Adl.Model;

/// <summary>
/// Constant folding with the original tool's semantics (Python's): <c>/</c> floors on integers,
/// <c>%</c> takes the divisor's sign, <c>**</c> is power, comparisons and logic give 0/1,
/// <c>~x</c> is <c>-1-x</c>. Integers are 64-bit; overflow is an error rather than a silent wrap.
/// Shared by the ADL evaluator and the preprocessor's <c>#if</c>.
/// </summary>
internal static class ValueArithmetic
{
    public readonly record struct Result(AdlValue? Value, string? Error)
    {
        public static Result Fail(string error) => new(null, error);

        public static implicit operator Result(AdlValue value) => new(value, null);
    }

    public static bool IsTrue(AdlValue value) => value switch
    {
        IntValue i => i.Value != 0,
        FloatValue f => f.Value != 0,
        _ => true,
    };

    public static Result Unary(TokenKind op, AdlValue operand)
    {
        if (op == TokenKind.Bang)
        {
            return new IntValue(IsTrue(operand) ? 0 : 1);
        }
        return operand switch
        {
            IntValue i => UnaryInt(op, i.Value),
            FloatValue f when op is TokenKind.Minus or TokenKind.Plus => new FloatValue(op == TokenKind.Minus ? -f.Value : f.Value),
            _ => Result.Fail($"bad operand type for unary {OperatorText(op)}: '{operand.TypeName}'"),
        };
    }

    private static Result UnaryInt(TokenKind op, long value) => op switch
    {
        TokenKind.Minus => Checked(() => -value),
        TokenKind.Tilde => new IntValue(~value),
        _ => new IntValue(value),
    };

    public static Result Binary(TokenKind op, AdlValue left, AdlValue right)
    {
        if (op is TokenKind.AmpersandAmpersand or TokenKind.PipePipe)
        {
            return Logical(op, left, right);
        }
        return (left, right) switch
        {
            (IntValue a, IntValue b) => IntBinary(op, a.Value, b.Value),
            (IntValue or FloatValue, IntValue or FloatValue) => FloatBinary(op, ToDouble(left), ToDouble(right), left, right),
            _ => Unsupported(op, left, right),
        };
    }

    /// <summary>Python's <c>and</c>/<c>or</c> return an operand; the grammar maps them to 0/1 logic.</summary>
    private static Result Logical(TokenKind op, AdlValue left, AdlValue right)
    {
        var result = op == TokenKind.AmpersandAmpersand ? (IsTrue(left) ? right : left) : (IsTrue(left) ? left : right);
        return result;
    }

    private static double ToDouble(AdlValue value) => value is IntValue i ? i.Value : ((FloatValue)value).Value;

    private static Result Unsupported(TokenKind op, AdlValue left, AdlValue right) =>
        Result.Fail($"unsupported operand type(s) for {OperatorText(op)}: '{left.TypeName}' and '{right.TypeName}'");

    private static Result IntBinary(TokenKind op, long a, long b) => op switch
    {
        TokenKind.Plus => Checked(() => a + b),
        TokenKind.Minus => Checked(() => a - b),
        TokenKind.Star => Checked(() => a * b),
        TokenKind.Slash => b == 0 ? Result.Fail("integer division or modulo by zero") : new IntValue(FloorDiv(a, b)),
        TokenKind.Percent => b == 0 ? Result.Fail("integer modulo by zero") : new IntValue(a - (FloorDiv(a, b) * b)),
        TokenKind.StarStar => Power(a, b),
        TokenKind.ShiftLeft => ShiftLeft(a, b),
        TokenKind.ShiftRight => b < 0 ? Result.Fail("negative shift count") : new IntValue(b >= 64 ? (a < 0 ? -1 : 0) : a >> (int)b),
        TokenKind.Ampersand => new IntValue(a & b),
        TokenKind.Pipe => new IntValue(a | b),
        TokenKind.Caret => new IntValue(a ^ b),
        _ => Compare(op, a.CompareTo(b)),
    };

    private static Result FloatBinary(TokenKind op, double a, double b, AdlValue left, AdlValue right) => op switch
    {
        TokenKind.Plus => new FloatValue(a + b),
        TokenKind.Minus => new FloatValue(a - b),
        TokenKind.Star => new FloatValue(a * b),
        TokenKind.Slash => b == 0 ? Result.Fail("float division by zero") : new FloatValue(a / b),
        TokenKind.StarStar => new FloatValue(Math.Pow(a, b)),
        TokenKind.Less or TokenKind.LessEquals or TokenKind.Greater or TokenKind.GreaterEquals
            or TokenKind.EqualsEquals or TokenKind.BangEquals => Compare(op, a.CompareTo(b)),
        _ => Unsupported(op, left, right),
    };

    private static Result Compare(TokenKind op, int order) => new IntValue(op switch
    {
        TokenKind.Less => order < 0,
        TokenKind.LessEquals => order <= 0,
        TokenKind.Greater => order > 0,
        TokenKind.GreaterEquals => order >= 0,
        TokenKind.EqualsEquals => order == 0,
        _ => order != 0,
    } ? 1 : 0);

    private static long FloorDiv(long a, long b)
    {
        var quotient = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? quotient - 1 : quotient;
    }

    private static Result ShiftLeft(long a, long b)
    {
        if (b < 0)
        {
            return Result.Fail("negative shift count");
        }
        if (a == 0)
        {
            return new IntValue(0);
        }
        if (b >= 63 || (a << (int)b) >> (int)b != a)
        {
            return Result.Fail($"integer overflow: {a} << {b} does not fit in 64 bits");
        }
        return new IntValue(a << (int)b);
    }

    private static Result Power(long a, long b)
    {
        if (b < 0)
        {
            return new FloatValue(Math.Pow(a, b));
        }
        if (a is >= -1 and <= 1)
        {
            return new IntValue(a == 0 ? (b == 0 ? 1 : 0) : a == 1 || b % 2 == 0 ? 1 : -1);
        }
        return Checked(() =>
        {
            long result = 1;
            for (var i = 0L; i < b; i++)
            {
                result = checked(result * a);
            }
            return result;
        });
    }

    private static Result Checked(Func<long> compute)
    {
        try
        {
            return new IntValue(checked(compute()));
        }
        catch (OverflowException)
        {
            return Result.Fail("integer overflow: the value does not fit in 64 bits");
        }
    }

    public static string OperatorText(TokenKind op) =>
        SyntaxFacts.Punctuators.FirstOrDefault(p => p.Kind == op).Text ?? op.ToString();
}
