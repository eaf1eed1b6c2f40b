using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Diagnostics;

public sealed partial class DiagnosticBag
{
    internal void ReportPassthroughBoard(SourceLocation where, string target, string problem) =>
        Error(where, $"{target}: {problem}");

    internal void ReportPassthroughBoardWarning(SourceLocation where, string target, string problem) =>
        Warning(where, $"{target}: {problem}");
}
