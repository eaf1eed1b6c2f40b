using System.Text;

namespace CamkesVm.Adl.Diagnostics;

/// <summary>Renders diagnostics as <c>file:line:col: error: message</c>, the source line and a caret.</summary>
public static class DiagnosticFormatter
{
    /// <summary>Formats one diagnostic over one to three lines.</summary>
    public static string Format(Diagnostic diagnostic)
    {
        var text = new StringBuilder(diagnostic.ToString());
        var location = diagnostic.Location;
        if (location.Text is { } source && location.IsKnown)
        {
            var line = source.LineTextAt(location.Offset).Replace('\t', ' ');
            var column = Math.Min(source.ColumnOf(Math.Min(location.Offset, source.Text.Length)), line.Length);
            text.Append('\n').Append("    ").Append(line);
            text.Append('\n').Append("    ").Append(' ', column).Append('^');
        }
        if (diagnostic.Note is { } note)
        {
            text.Append('\n').Append("    note: ").Append(note);
        }
        return text.ToString();
    }
}
