using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Diagnostics;

public sealed partial class DiagnosticBag
{
    internal void ReportLexError(SourceLocation location, string message) => Error(location, message);

    internal void ReportFileNotFound(SourceLocation location, string path) =>
        Error(location, $"cannot read '{path}': no such file; check the path or the working directory");

    internal void ReportIncludeNotFound(Token where, string name, bool angle, IReadOnlyList<string> searched) =>
        Error(where, $"#include {(angle ? $"<{name}>" : $"\"{name}\"")}: file not found (searched: "
            + $"{(searched.Count == 0 ? "no include directories" : string.Join(", ", searched))}); add its folder with -I");

    internal void ReportIncludeSyntax(Token where) =>
        Error(where, "#include expects \"FILE\" or <FILE>");

    internal void ReportIncludeTooDeep(Token where) =>
        Error(where, "#include nested more than 200 levels deep: the headers probably include each other; add an include guard");

    internal void ReportUnknownDirective(Token where) =>
        Error(where, $"unknown preprocessor directive '#{where.Text}'");

    internal void ReportMissingMacroName(Token where, string directive) =>
        Error(where, $"#{directive} needs a macro name (an identifier)");

    internal void ReportMacroParameterList(Token where) =>
        Error(where, "malformed macro parameter list: expected identifiers separated by ',' and a closing ')'");

    internal void ReportMacroRedefined(Token where, SourceLocation previous) =>
        Warning(where, $"macro '{where.Text}' redefined; previous definition was at {previous.FileAndLine}");

    internal void ReportHashNotFollowedByParameter(Token where) =>
        Error(where, "'#' in a function-like macro must be followed by a parameter name");

    internal void ReportHashHashAtEdge(Token where) =>
        Error(where, "'##' cannot appear at either end of a macro body");

    internal void ReportUnterminatedInvocation(Token where) =>
        Error(where, $"unterminated argument list invoking macro '{where.Text}': add the closing ')'");

    internal void ReportMacroArgumentCount(Token where, int expected, int given, bool variadic) =>
        Error(where, $"macro '{where.Text}' takes {(variadic ? "at least " : "")}{expected} argument(s), but {given} were given");

    internal void ReportInvalidPaste(Token where, string left, string right) =>
        Error(where, $"pasting '{left}' and '{right}' does not give a valid preprocessing token");

    internal void ReportConditionError(Token where, string problem) =>
        Error(where, $"invalid #if expression: {problem}");

    internal void ReportUnbalancedConditional(Token where, string directive) =>
        Error(where, $"#{directive} without a matching #if");

    internal void ReportElseAfterElse(Token where, string directive) =>
        Error(where, $"#{directive} after #else in the same conditional");

    internal void ReportUnterminatedConditional(Token where) =>
        Error(where, $"unterminated #{where.Text}: add a matching #endif");

    internal void ReportErrorDirective(Token where, string text) => Error(where, $"#error {text}");

    internal void ReportWarningDirective(Token where, string text) => Warning(where, $"#warning {text}");

    internal void ReportLineDirective(Token where) =>
        Error(where, "#line expects a positive line number and optionally a \"file name\"");
}
