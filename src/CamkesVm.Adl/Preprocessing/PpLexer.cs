using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>
/// Splits one source file into preprocessing tokens. Comments and backslash-newlines are whitespace;
/// every token records its line, column and whether it starts a line. Never throws: characters that
/// start no token become <see cref="TokenKind.Other"/> tokens, reported later by the parser.
/// </summary>
internal sealed class PpLexer
{
    private readonly SourceText _source;
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private readonly List<(int Offset, string Message)> _errors = [];
    private int _position;
    private bool _atLineStart = true;
    private bool _leadingSpace;

    private PpLexer(SourceText source)
    {
        _source = source;
        _text = source.Text;
    }

    /// <summary>Lexes a whole file. Unterminated comments are returned as errors.</summary>
    public static (List<Token> Tokens, List<(SourceLocation Where, string Message)> Errors) Lex(SourceText source)
    {
        var lexer = new PpLexer(source);
        lexer.Run();
        var errors = lexer._errors.Select(e => (lexer.LocationOf(e.Offset), e.Message)).ToList();
        return (lexer._tokens, errors);
    }

    private void Run()
    {
        while (true)
        {
            SkipWhitespaceAndComments();
            if (_position >= _text.Length)
            {
                break;
            }
            var start = _position;
            var kind = ScanToken();
            Add(kind, start);
        }
        Add(TokenKind.EndOfFile, _position);
    }

    private void Add(TokenKind kind, int start)
    {
        _tokens.Add(new Token(kind, _text[start.._position], LocationOf(start))
        {
            LeadingSpace = _leadingSpace,
            AtLineStart = _atLineStart,
        });
        _atLineStart = false;
        _leadingSpace = false;
    }

    private SourceLocation LocationOf(int offset)
    {
        var line = _source.LineIndexOf(offset);
        return new SourceLocation(_source.Path, line + 1, _source.ColumnOf(offset) + 1, _source, offset);
    }

    private char Peek(int ahead = 0) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private void SkipWhitespaceAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                NewLine();
            }
            else if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                _position++;
                _leadingSpace = true;
            }
            else if (c == '\\' && IsLineContinuation())
            {
                _position += Peek(1) == '\r' ? 3 : 2;
                _leadingSpace = true;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                SkipLineComment();
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private bool IsLineContinuation() => Peek(1) == '\n' || (Peek(1) == '\r' && Peek(2) == '\n');

    private void NewLine()
    {
        _position++;
        _atLineStart = true;
        _leadingSpace = true;
    }

    private void SkipLineComment()
    {
        while (_position < _text.Length && _text[_position] != '\n')
        {
            _position++;
        }
        _leadingSpace = true;
    }

    private void SkipBlockComment()
    {
        var start = _position;
        var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            _errors.Add((start, "unterminated comment: '/*' has no matching '*/'"));
            end = _text.Length - 2;
        }
        _position = end + 2;
        _leadingSpace = true;
    }

    private TokenKind ScanToken()
    {
        var c = _text[_position];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            // Like camkes.g's [a-zA-Z_]\w*: the first character is ASCII, later ones may be any Unicode letter or digit.
            ScanWhile(static ch => char.IsLetterOrDigit(ch) || ch == '_');
            return TokenKind.Identifier;
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            ScanNumber();
            return TokenKind.Number;
        }
        if (c is '"' or '\'')
        {
            ScanQuoted(c);
            return c == '"' ? TokenKind.String : TokenKind.CharLiteral;
        }
        foreach (var (text, kind) in SyntaxFacts.Punctuators)
        {
            if (string.CompareOrdinal(_text, _position, text, 0, text.Length) == 0)
            {
                _position += text.Length;
                return kind;
            }
        }
        _position += char.IsSurrogatePair(_text, _position) ? 2 : 1;
        return TokenKind.Other;
    }

    private void ScanWhile(Func<char, bool> predicate)
    {
        while (_position < _text.Length && predicate(_text[_position]))
        {
            _position++;
        }
    }

    private void ScanNumber()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if ((c is 'e' or 'E' or 'p' or 'P') && Peek(1) is '+' or '-')
            {
                _position += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            {
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>ADL strings have no escapes and may span lines; character literals keep C escapes.</summary>
    private void ScanQuoted(char quote)
    {
        var start = _position;
        _position++;
        while (_position < _text.Length && _text[_position] != quote)
        {
            if (quote == '\'' && _text[_position] == '\\')
            {
                _position++;
            }
            _position++;
        }
        if (_position >= _text.Length)
        {
            _errors.Add((start, $"unterminated {(quote == '"' ? "string" : "character literal")}: add the closing {quote}"));
            return;
        }
        _position++;
    }
}
