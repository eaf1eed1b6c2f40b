namespace CamkesVm.Adl.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Likely mistake; the spec is still accepted.</summary>
    Warning,

    /// <summary>The spec is rejected.</summary>
    Error,
}
