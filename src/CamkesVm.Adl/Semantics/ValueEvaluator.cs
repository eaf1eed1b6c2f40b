using System.Globalization;
using System.Text;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Stage s3 (lifting) for values: folds constant expressions into <see cref="AdlValue"/>s. Numbers are
/// read as camkes-tool reads them (Python's <c>int(text, 0)</c>): hex or decimal, and a leading zero is
/// an error. Returns null after reporting when a value is invalid.
/// </summary>
internal sealed class ValueEvaluator(DiagnosticBag diagnostics)
{
    public AdlValue? Evaluate(ValueSyntax syntax)
    {
        var previous = diagnostics.Stage;
        diagnostics.Stage = CompilerStage.Lift;
        try
        {
            return EvaluateCore(syntax);
        }
        finally
        {
            diagnostics.Stage = previous;
        }
    }

    private AdlValue? EvaluateCore(ValueSyntax syntax) => syntax switch
    {
        LiteralSyntax literal => Literal(literal.Token),
        StringSyntax strings => Concatenate(strings.Parts),
        UnarySyntax unary => EvaluateCore(unary.Operand) is { } operand ? Check(unary.Operator, ValueArithmetic.Unary(unary.Operator.Kind, operand)) : null,
        BinarySyntax binary => Binary(binary),
        ConditionalSyntax conditional => Conditional(conditional),
        ListSyntax list => All(list.Items) is { } items ? new ListValue(items) : null,
        DictSyntax dict => Dict(dict),
        QuerySyntax query => All(query.Arguments) is { } arguments ? new QueryValue(query.Name.Text, arguments) : null,
        _ => null,
    };

    private static StringValue Concatenate(IReadOnlyList<Token> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Text, 1, part.Text.Length - 2);
        }
        return new StringValue(text.ToString());
    }

    private AdlValue? Binary(BinarySyntax binary)
    {
        var left = EvaluateCore(binary.Left);
        var right = EvaluateCore(binary.Right);
        return left is null || right is null ? null : Check(binary.Operator, ValueArithmetic.Binary(binary.Operator.Kind, left, right));
    }

    private AdlValue? Conditional(ConditionalSyntax conditional)
    {
        var condition = EvaluateCore(conditional.Condition);
        var whenTrue = EvaluateCore(conditional.WhenTrue);
        var whenFalse = EvaluateCore(conditional.WhenFalse);
        return condition is null ? null : ValueArithmetic.IsTrue(condition) ? whenTrue : whenFalse;
    }

    private List<AdlValue>? All(IReadOnlyList<ValueSyntax> items)
    {
        var values = new List<AdlValue>(items.Count);
        var ok = true;
        foreach (var item in items)
        {
            var value = EvaluateCore(item);
            ok &= value is not null;
            values.Add(value!);
        }
        return ok ? values : null;
    }

    private DictValue? Dict(DictSyntax dict)
    {
        var entries = new List<KeyValuePair<AdlValue, AdlValue>>();
        var ok = true;
        foreach (var (keySyntax, valueSyntax) in dict.Entries)
        {
            var key = EvaluateCore(keySyntax);
            var value = EvaluateCore(valueSyntax);
            ok &= key is not null && value is not null;
            entries.Add(new(key!, value!));
        }
        return ok ? new DictValue(entries) : null;
    }

    private AdlValue? Check(Token where, ValueArithmetic.Result result)
    {
        if (result.Error is { } error)
        {
            diagnostics.ReportArithmetic(where, error);
        }
        return result.Value;
    }

    private AdlValue? Literal(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.TrueKeyword:
                return new IntValue(1);
            case TokenKind.FalseKeyword:
                return new IntValue(0);
        }
        var text = token.Text;
        if (text.Contains('.'))
        {
            return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var real)
                ? new FloatValue(real)
                : Invalid(token, $"invalid number literal '{text}'");
        }
        return ParseInteger(token, text);
    }

    private IntValue? ParseInteger(Token token, string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && text.Length > 2
                ? new IntValue(hex)
                : Invalid(token, $"invalid hexadecimal literal '{text}'");
        }
        if (text.Length > 1 && text[0] == '0' && text.All(char.IsAsciiDigit))
        {
            return Invalid(token, $"invalid integer literal '{text}': a leading 0 is not allowed (camkes-tool has no octal); write {text.TrimStart('0')} or a 0x… hex literal");
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? new IntValue(value)
            : Invalid(token, $"invalid integer literal '{text}'");
    }

    private IntValue? Invalid(Token token, string message)
    {
        diagnostics.ReportInvalidNumber(token, message);
        return null;
    }
}
