using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;

namespace CamkesVm.Adl;

/// <summary>The outcome of compiling a spec: diagnostics, and the resolved assembly when there were no errors.</summary>
public sealed class CompilationResult
{
    internal CompilationResult(DiagnosticBag diagnostics, ResolvedAssembly? assembly, IReadOnlyList<ComponentType> components, IReadOnlyList<string> files)
    {
        Diagnostics = [.. diagnostics];
        Assembly = diagnostics.HasErrors ? null : assembly;
        Components = components;
        FilesRead = files;
    }

    /// <summary>All errors and warnings, in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The resolved assembly; null when the spec has errors.</summary>
    public ResolvedAssembly? Assembly { get; }

    /// <summary>All component types declared by the spec and its imports.</summary>
    public IReadOnlyList<ComponentType> Components { get; }

    /// <summary>All named procedures declared by the spec and its imports, with their method signatures.</summary>
    public IReadOnlyList<ProcedureType> Procedures { get; init; } = [];

    /// <summary>The spec files read (top-level spec and imports; included headers are not listed).</summary>
    public IReadOnlyList<string> FilesRead { get; }

    /// <summary>True when there are no errors.</summary>
    public bool Succeeded => Diagnostics.All(d => !d.IsError);

    /// <summary>The first error, if any.</summary>
    public Diagnostic? FirstError => Diagnostics.FirstOrDefault(d => d.IsError);

    /// <summary>
    /// The earliest pipeline stage that reported an error (the stage at which camkes-tool, which stops at
    /// its first error, would have failed), or null on success.
    /// </summary>
    public CompilerStage? FailedStage => Diagnostics.Where(d => d.IsError).Select(d => (CompilerStage?)d.Stage).Min();
}
