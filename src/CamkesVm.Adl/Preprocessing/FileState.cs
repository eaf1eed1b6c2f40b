using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>The preprocessor's position in one file: its tokens, conditionals and <c>#line</c> mapping.</summary>
internal sealed class FileState(SourceText file, List<Token> tokens, int depth)
{
    private int _position;
    private int _physicalLine;
    private int _logicalLine;
    private string? _logicalFile;
    private bool _remapped;

    public SourceText File { get; } = file;

    public int Depth { get; } = depth;

    public ConditionalStack Conditionals { get; } = new();

    public Token Current => tokens[_position];

    public void Advance() => _position++;

    /// <summary>Consumes a directive line (after the '#') up to the next line start.</summary>
    public List<Token> ReadDirectiveLine()
    {
        _position++;
        var line = new List<Token>();
        while (Current.Kind != TokenKind.EndOfFile && !Current.AtLineStart)
        {
            line.Add(Remap(Current));
            _position++;
        }
        return line;
    }

    /// <summary>From physical line <paramref name="physicalLine"/> on, lines count from <paramref name="logicalLine"/>.</summary>
    public void SetLine(int physicalLine, int logicalLine, string? fileName)
    {
        _physicalLine = physicalLine;
        _logicalLine = logicalLine;
        _logicalFile = fileName ?? _logicalFile;
        _remapped = true;
    }

    public Token Remap(Token token)
    {
        if (!_remapped)
        {
            return token;
        }
        var location = token.Location;
        var line = File.LineIndexOf(location.Offset) + 1;
        return token with
        {
            Location = location with { File = _logicalFile ?? location.File, Line = _logicalLine + line - _physicalLine },
        };
    }
}
