namespace CamkesVm.Adl.Text;

/// <summary>The text of one source file, with fast offset-to-line mapping.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    /// <summary>Creates a source text.</summary>
    /// <param name="path">The path used in diagnostics (as the user gave it, or a built-in path).</param>
    /// <param name="text">The file contents.</param>
    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        _lineStarts = ComputeLineStarts(text);
    }

    /// <summary>The path shown in diagnostics.</summary>
    public string Path { get; }

    /// <summary>The file contents.</summary>
    public string Text { get; }

    /// <summary>The 0-based index of the line holding <paramref name="offset"/>.</summary>
    public int LineIndexOf(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>The text of the line holding <paramref name="offset"/>, without its line break.</summary>
    public string LineTextAt(int offset)
    {
        var line = LineIndexOf(Math.Clamp(offset, 0, Text.Length));
        var start = _lineStarts[line];
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }
        return Text[start..end];
    }

    /// <summary>The 0-based column of <paramref name="offset"/> within its line.</summary>
    public int ColumnOf(int offset) => offset - _lineStarts[LineIndexOf(offset)];

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }
}
