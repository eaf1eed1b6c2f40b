namespace CamkesVm.Adl.Text;

/// <summary>
/// Where a token or entity comes from: the logical file, line and column (1-based, after <c>#line</c>
/// directives) plus the physical text and offset used to show the source line in diagnostics.
/// </summary>
/// <param name="File">The file name shown to the user.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Column">1-based column number.</param>
/// <param name="Text">The physical source text, when known.</param>
/// <param name="Offset">The offset of the location in <paramref name="Text"/>.</param>
public readonly record struct SourceLocation(string File, int Line, int Column, SourceText? Text, int Offset)
{
    /// <summary>A location for entities with no source (built-in defaults, the command line).</summary>
    public static SourceLocation None { get; } = new("<none>", 0, 0, null, 0);

    /// <summary>True for a real position in a file.</summary>
    public bool IsKnown => Line > 0;

    /// <summary>The <c>file:line:col</c> form used in diagnostics.</summary>
    public override string ToString() => IsKnown ? $"{File}:{Line}:{Column}" : File;

    /// <summary>The <c>file:line</c> form used when a message cites another definition.</summary>
    public string FileAndLine => $"{File}:{Line}";
}
