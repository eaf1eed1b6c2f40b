using System.Globalization;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>
/// Evaluates the controlling expression of <c>#if</c>/<c>#elif</c>: <c>defined</c> is applied first,
/// then macros are expanded, then remaining identifiers count as 0, as in C.
/// </summary>
internal sealed class ConditionEvaluator(
    IReadOnlyDictionary<string, MacroDefinition> macros, MacroExpander expander, DiagnosticBag diagnostics)
{
    private List<Token> _tokens = [];
    private int _position;
    private string? _error;

    public bool Evaluate(Token directive, IReadOnlyList<Token> line)
    {
        _tokens = expander.Expand(ReplaceDefined(line));
        _position = 0;
        _error = _tokens.Count == 0 ? "the expression is empty" : null;
        var value = _error is null ? ParseConditional() : new IntValue(0);
        if (_error is null && _position < _tokens.Count)
        {
            _error = $"unexpected '{_tokens[_position].Text}'";
        }
        if (_error is not null)
        {
            diagnostics.ReportConditionError(directive, _error);
            return false;
        }
        return ValueArithmetic.IsTrue(value);
    }

    private List<Token> ReplaceDefined(IReadOnlyList<Token> line)
    {
        var result = new List<Token>(line.Count);
        for (var i = 0; i < line.Count; i++)
        {
            if (line[i].Kind != TokenKind.Identifier || line[i].Text != "defined")
            {
                result.Add(line[i]);
                continue;
            }
            var parenthesized = i + 1 < line.Count && line[i + 1].Kind == TokenKind.LeftParen;
            var nameIndex = parenthesized ? i + 2 : i + 1;
            var defined = nameIndex < line.Count && macros.ContainsKey(line[nameIndex].Text);
            result.Add(line[i] with { Kind = TokenKind.Number, Text = defined ? "1" : "0" });
            i = parenthesized ? nameIndex + 1 : nameIndex;
        }
        return result;
    }

    private Token? Current => _position < _tokens.Count ? _tokens[_position] : null;

    private AdlValue ParseConditional()
    {
        var condition = ParseBinary(1);
        if (Current?.Kind != TokenKind.Question)
        {
            return condition;
        }
        _position++;
        var whenTrue = ParseConditional();
        Expect(TokenKind.Colon);
        var whenFalse = ParseConditional();
        return ValueArithmetic.IsTrue(condition) ? whenTrue : whenFalse;
    }

    private AdlValue ParseBinary(int minimum)
    {
        var left = ParseUnary();
        while (Current is { } op && SyntaxFacts.BinaryPrecedence(op.Kind) is var precedence && precedence >= minimum)
        {
            _position++;
            var right = ParseBinary(precedence + 1);
            left = Apply(ValueArithmetic.Binary(op.Kind, left, right));
        }
        return left;
    }

    private AdlValue ParseUnary()
    {
        if (Current is { } op && SyntaxFacts.IsUnaryOperator(op.Kind))
        {
            _position++;
            return Apply(ValueArithmetic.Unary(op.Kind, ParseUnary()));
        }
        return ParsePrimary();
    }

    private AdlValue ParsePrimary()
    {
        var token = Current;
        if (token is null)
        {
            return Fail("the expression ends too early");
        }
        _position++;
        switch (token.Kind)
        {
            case TokenKind.LeftParen:
                var inner = ParseConditional();
                Expect(TokenKind.RightParen);
                return inner;
            case TokenKind.Number:
                return ParseNumber(token.Text);
            case TokenKind.CharLiteral:
                return new IntValue(token.Text.Length > 2 ? token.Text[1] : 0);
            case TokenKind.Identifier:
                return new IntValue(0);
            default:
                return Fail($"unexpected '{token.Text}'");
        }
    }

    private AdlValue ParseNumber(string text)
    {
        var digits = text.TrimEnd('u', 'U', 'l', 'L');
        var (body, radix) = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? (digits[2..], 16)
            : digits.Length > 1 && digits[0] == '0' ? (digits[1..], 8) : (digits, 10);
        try
        {
            return new IntValue(radix == 10
                ? long.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture)
                : Convert.ToInt64(body, radix));
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return Fail($"'{text}' is not an integer");
        }
    }

    private void Expect(TokenKind kind)
    {
        if (Current?.Kind == kind)
        {
            _position++;
            return;
        }
        Fail($"expected {SyntaxFacts.Describe(kind)}");
    }

    private AdlValue Apply(ValueArithmetic.Result result) => result.Value ?? Fail(result.Error!);

    private IntValue Fail(string error)
    {
        _error ??= error;
        _position = _tokens.Count;
        return new IntValue(0);
    }
}
