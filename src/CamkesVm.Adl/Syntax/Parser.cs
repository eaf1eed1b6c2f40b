using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

/// <summary>
/// Stage s1: recursive descent over the preprocessed tokens of one file. Postcondition: a list of
/// top-level items. It never throws: a missing token is reported and fabricated, and after an error
/// the parser skips to the end of the current member or declaration, so one run reports several errors.
/// </summary>
internal sealed partial class Parser
{
    private readonly List<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private int _position;
    private int _lastErrorPosition = -1;
    private int _errors;

    public Parser(IReadOnlyList<Token> tokens, DiagnosticBag diagnostics)
    {
        _tokens = Classify(tokens);
        _diagnostics = diagnostics;
    }

    private static List<Token> Classify(IReadOnlyList<Token> tokens)
    {
        var result = new List<Token>(tokens.Count);
        foreach (var token in tokens)
        {
            var keyword = token.Kind == TokenKind.Identifier ? SyntaxFacts.KeywordKind(token.Text) : token.Kind;
            result.Add(keyword == token.Kind ? token : token with { Kind = keyword });
        }
        return result;
    }

    /// <summary>Parses the whole token list.</summary>
    public List<ItemSyntax> ParseFile()
    {
        _diagnostics.Stage = CompilerStage.Syntax;
        var items = new List<ItemSyntax>();
        while (Current.Kind != TokenKind.EndOfFile)
        {
            var start = _position;
            var errors = _errors;
            if (ParseItem() is { } item)
            {
                items.Add(item);
            }
            if (_errors > errors || _position == start)
            {
                SkipToNextItem(start);
            }
        }
        return items;
    }

    private Token Current => Peek(0);

    private Token Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private Token Next()
    {
        var token = Current;
        if (token.Kind != TokenKind.EndOfFile)
        {
            _position++;
        }
        return token;
    }

    private bool At(TokenKind kind) => Current.Kind == kind;

    private bool Accept(TokenKind kind)
    {
        if (!At(kind))
        {
            return false;
        }
        _position++;
        return true;
    }

    /// <summary>Consumes a token of <paramref name="kind"/>, or reports and fabricates it.</summary>
    private Token Expect(TokenKind kind, string? what = null)
    {
        if (At(kind))
        {
            return Next();
        }
        ReportExpected(what ?? SyntaxFacts.Describe(kind));
        return Fabricate(kind);
    }

    private Token Fabricate(TokenKind kind) =>
        new(kind, kind == TokenKind.Identifier ? "<missing>" : "", Current.Location) { IsMissing = true };

    /// <summary>Consumes a name: an identifier, or <c>Buf</c> which the original also accepts.</summary>
    private Token ExpectName(string what)
    {
        if (At(TokenKind.Identifier) || At(TokenKind.BufKeyword))
        {
            return Next();
        }
        if (SyntaxFacts.IsKeyword(Current.Kind) && CanReport())
        {
            _diagnostics.ReportReservedName(Current);
            NoteError();
            return Fabricate(TokenKind.Identifier);
        }
        ReportExpected(what);
        return Fabricate(TokenKind.Identifier);
    }

    private bool AtName => At(TokenKind.Identifier) || At(TokenKind.BufKeyword);

    private ReferenceSyntax ParseReference(string what)
    {
        var parts = new List<Token> { ExpectName(what) };
        while (At(TokenKind.Dot) && Peek(1).Kind is TokenKind.Identifier or TokenKind.BufKeyword)
        {
            Next();
            parts.Add(Next());
        }
        return new ReferenceSyntax(parts);
    }

    private bool CanReport() => _position > _lastErrorPosition;

    private void NoteError()
    {
        _lastErrorPosition = _position;
        _errors++;
    }

    private void ReportExpected(string what)
    {
        if (!CanReport())
        {
            _errors++;
            return;
        }
        switch (Current.Kind)
        {
            case TokenKind.Other:
                _diagnostics.ReportIllegalCharacter(Current);
                break;
            case TokenKind.CharLiteral:
                _diagnostics.ReportCharLiteral(Current);
                break;
            default:
                _diagnostics.ReportExpected(Current, what);
                break;
        }
        NoteError();
    }
}
