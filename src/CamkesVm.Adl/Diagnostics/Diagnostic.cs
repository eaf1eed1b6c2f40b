using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Diagnostics;

/// <summary>One error or warning, with where it happened and which stage found it.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Stage">The pipeline stage that reported it.</param>
/// <param name="Location">The position in the user's text.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
/// <param name="Note">Optional extra context, e.g. the macro expansion the location came from.</param>
public sealed record Diagnostic(
    DiagnosticSeverity Severity, CompilerStage Stage, SourceLocation Location, string Message, string? Note = null)
{
    /// <summary>True for errors.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The one-line form <c>file:line:col: error: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")}: {Message}";
}
