using System.Collections;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Diagnostics;

/// <summary>
/// Collects the diagnostics of one compilation. Every message text lives in one <c>Report…</c> method
/// of this class (split by stage over the partial files beside this one).
/// </summary>
public sealed partial class DiagnosticBag : IEnumerable<Diagnostic>
{
    private readonly List<Diagnostic> _diagnostics = [];

    /// <summary>The stage that new diagnostics are attributed to.</summary>
    internal CompilerStage Stage { get; set; }

    /// <summary>True once any error was reported.</summary>
    public bool HasErrors => _diagnostics.Exists(d => d.IsError);

    /// <summary>The number of errors reported so far.</summary>
    public int ErrorCount => _diagnostics.Count(d => d.IsError);

    /// <inheritdoc />
    public IEnumerator<Diagnostic> GetEnumerator() => _diagnostics.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Error(SourceLocation location, string message, string? note = null) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, Stage, location, message, note));

    private void Warning(SourceLocation location, string message, string? note = null) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, Stage, location, message, note));

    private void Error(Token token, string message) => Error(token.Location, message, token.Expansion?.Describe());

    private void Warning(Token token, string message) => Warning(token.Location, message, token.Expansion?.Describe());
}
