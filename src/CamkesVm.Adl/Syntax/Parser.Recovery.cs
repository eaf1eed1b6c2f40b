using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private static bool StartsItem(TokenKind kind) => kind is TokenKind.ImportKeyword or TokenKind.ComponentKeyword
        or TokenKind.ProcedureKeyword or TokenKind.ConnectorKeyword or TokenKind.StructKeyword
        or TokenKind.CompositionKeyword or TokenKind.ConfigurationKeyword or TokenKind.AssemblyKeyword;

    /// <summary>After an error at top level: skip to the next declaration keyword outside any brackets.</summary>
    private void SkipToNextItem(int start)
    {
        if (_position == start)
        {
            Next();
        }
        var depth = 0;
        while (!At(TokenKind.EndOfFile) && !(depth == 0 && StartsItem(Current.Kind)))
        {
            depth = Math.Max(0, depth + Nesting(Current.Kind));
            Next();
        }
    }

    /// <summary>After an error in a block member: skip past the next ';' or up to the block's '}'.</summary>
    private void SkipToMemberEnd()
    {
        var depth = 0;
        while (!At(TokenKind.EndOfFile))
        {
            if (depth == 0 && At(TokenKind.RightBrace))
            {
                return;
            }
            var kind = Next().Kind;
            if (depth == 0 && kind == TokenKind.Semicolon)
            {
                return;
            }
            depth = Math.Max(0, depth + Nesting(kind));
        }
    }

    private static int Nesting(TokenKind kind) => kind switch
    {
        TokenKind.LeftBrace or TokenKind.LeftParen or TokenKind.LeftBracket => 1,
        TokenKind.RightBrace or TokenKind.RightParen or TokenKind.RightBracket => -1,
        _ => 0,
    };

    /// <summary>
    /// Parses <c>{ member* }</c>: each member by <paramref name="parseMember"/>, recovering per member.
    /// Returns the closing brace (fabricated when missing).
    /// </summary>
    private Token ParseBlock(Action parseMember)
    {
        var open = Expect(TokenKind.LeftBrace);
        if (open.IsMissing)
        {
            return open;
        }
        while (!At(TokenKind.RightBrace) && !At(TokenKind.EndOfFile))
        {
            var start = _position;
            var errors = _errors;
            parseMember();
            if (_errors > errors)
            {
                SkipToMemberEnd();
            }
            if (_position == start && !At(TokenKind.RightBrace))
            {
                Next();
            }
        }
        if (At(TokenKind.RightBrace))
        {
            return Next();
        }
        if (CanReport())
        {
            _diagnostics.ReportUnclosedBlock(Current, open);
            NoteError();
        }
        return Fabricate(TokenKind.RightBrace);
    }

    /// <summary>Parses a parenthesised, comma-separated list allowing a trailing comma.</summary>
    private List<T> ParseDelimited<T>(TokenKind close, Func<T> parseElement)
    {
        var items = new List<T>();
        while (!At(close) && !At(TokenKind.EndOfFile))
        {
            var start = _position;
            items.Add(parseElement());
            if (!Accept(TokenKind.Comma) || _position == start)
            {
                break;
            }
        }
        Expect(close);
        return items;
    }

    private IncludeSyntax ParseInclude()
    {
        var keyword = Next();
        var (path, angle) = ParsePath("a header name (\"file.h\" or <file.h>)");
        Expect(TokenKind.Semicolon);
        return new IncludeSyntax(keyword, path, angle);
    }

    /// <summary>Reads <c>"a" "b"</c> (concatenated) or an angle path <c>&lt;a/b.camkes&gt;</c>.</summary>
    private (string Path, bool Angle) ParsePath(string what)
    {
        if (At(TokenKind.String))
        {
            var text = new System.Text.StringBuilder();
            while (At(TokenKind.String))
            {
                text.Append(Next().Text[1..^1]);
            }
            return (text.ToString(), false);
        }
        if (!At(TokenKind.Less))
        {
            ReportExpected(what);
            return ("", false);
        }
        var open = _position;
        var end = _position + 1;
        while (end < _tokens.Count && _tokens[end].Kind is not (TokenKind.Greater or TokenKind.Semicolon or TokenKind.EndOfFile))
        {
            end++;
        }
        var target = Preprocessing.Preprocessor.IncludeTarget(_tokens.GetRange(open, end - open + 1));
        if (target is null)
        {
            ReportExpected(what);
            return ("", false);
        }
        _position = end + 1;
        return (target.Value.Name, true);
    }
}
