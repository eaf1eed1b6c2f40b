namespace CamkesVm.Adl.Tests.Diagnostics;

/// <summary>
/// A spec written with one marker <c>@@</c> where a diagnostic must point: the text without the marker and
/// the marker's 1-based line and column.
/// </summary>
internal readonly record struct MarkedSpec(string Text, int Line, int Column)
{
    public const string Marker = "@@";

    public static MarkedSpec Parse(string marked)
    {
        var at = marked.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0 && marked.IndexOf(Marker, at + 1, StringComparison.Ordinal) < 0, "a marked spec needs exactly one @@");
        var before = marked[..at];
        var line = before.Count(c => c == '\n') + 1;
        var column = at - (before.LastIndexOf('\n') + 1) + 1;
        return new MarkedSpec(before + marked[(at + Marker.Length)..], line, column);
    }
}
