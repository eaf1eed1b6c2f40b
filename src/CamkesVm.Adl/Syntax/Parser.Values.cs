using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private const string ValueWhat = "a value (a number, string, list [..] or dict {..})";

    private ValueSyntax ParseItemValue() => Current.Kind switch
    {
        TokenKind.LeftBracket => new ListSyntax(Next(), ParseDelimited(TokenKind.RightBracket, ParseItemValue)),
        TokenKind.LeftBrace => ParseDict(),
        TokenKind.String => ParseStrings(),
        _ => ParseExpression(),
    };

    private DictSyntax ParseDict()
    {
        var open = Expect(TokenKind.LeftBrace);
        var entries = ParseDelimited(TokenKind.RightBrace, () =>
        {
            var key = ParseKey();
            Expect(TokenKind.Colon);
            return (key, ParseItemValue());
        });
        return new DictSyntax(open, entries);
    }

    private ValueSyntax ParseKey() => At(TokenKind.String) ? ParseStrings() : ParseExpression();

    private StringSyntax ParseStrings()
    {
        var parts = new List<Token>();
        while (At(TokenKind.String))
        {
            parts.Add(Next());
        }
        return new StringSyntax(parts);
    }

    private ValueSyntax ParseExpression()
    {
        var condition = ParseBinary(1);
        if (!Accept(TokenKind.Question))
        {
            return condition;
        }
        var whenTrue = ParseExpression();
        Expect(TokenKind.Colon);
        return new ConditionalSyntax(condition, whenTrue, ParseExpression());
    }

    private ValueSyntax ParseBinary(int minimum)
    {
        var left = ParseUnary();
        while (SyntaxFacts.BinaryPrecedence(Current.Kind) is var precedence && precedence >= minimum)
        {
            var op = Next();
            // '**' is right-associative; everything else is left-associative.
            var right = ParseBinary(op.Kind == TokenKind.StarStar ? precedence : precedence + 1);
            left = new BinarySyntax(left, op, right);
        }
        return left;
    }

    private ValueSyntax ParseUnary()
    {
        if (SyntaxFacts.IsUnaryOperator(Current.Kind))
        {
            var op = Next();
            return new UnarySyntax(op, ParseUnary());
        }
        return ParsePrimary();
    }

    private ValueSyntax ParsePrimary()
    {
        switch (Current.Kind)
        {
            case TokenKind.Number or TokenKind.TrueKeyword or TokenKind.FalseKeyword:
                return new LiteralSyntax(Next());
            case TokenKind.LeftParen:
                Next();
                var inner = ParseExpression();
                Expect(TokenKind.RightParen);
                return inner;
            case TokenKind.Identifier when LooksLikeMacro(Current.Text) && CanReport():
                _diagnostics.ReportUndefinedMacroValue(Current, ValueWhat);
                NoteError();
                return new LiteralSyntax(Fabricate(TokenKind.Number) with { Text = "0" });
            default:
                ReportExpected(ValueWhat);
                return new LiteralSyntax(Fabricate(TokenKind.Number) with { Text = "0" });
        }
    }

    /// <summary>An all-capitals name such as <c>VM_GUEST_CMDLINE</c> where a value belongs is most likely an undefined macro.</summary>
    private static bool LooksLikeMacro(string name) =>
        name.Length > 1 && name.Any(char.IsAsciiLetterUpper) && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');
}
