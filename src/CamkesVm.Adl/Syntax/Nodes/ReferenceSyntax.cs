using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Syntax.Nodes;

/// <summary>A dotted name <c>a.b.c</c>.</summary>
internal sealed record ReferenceSyntax(IReadOnlyList<Token> Parts)
{
    public string Text => string.Join('.', Parts.Select(p => p.Text));

    public SourceLocation Location => Parts[0].Location;

    public Token First => Parts[0];

    public bool IsMissing => Parts.Any(p => p.IsMissing);
}
