using CamkesVm.Adl.Syntax;

namespace CamkesVm.Adl.Diagnostics;

public sealed partial class DiagnosticBag
{
    internal static string DescribeFound(Token token) => token.Kind switch
    {
        TokenKind.EndOfFile => "end of input",
        _ when SyntaxFacts.IsKeyword(token.Kind) => $"keyword '{token.Text}'",
        _ => $"'{token.Text}'",
    };

    internal void ReportExpected(Token found, string expected) =>
        Error(found, $"syntax error: expected {expected}, but found {DescribeFound(found)}");

    internal void ReportReservedName(Token found) =>
        Error(found, $"syntax error: '{found.Text}' is a reserved word and cannot be used as a name; choose another name");

    internal void ReportIllegalCharacter(Token found) =>
        Error(found, $"illegal character '{found.Text}': names use ASCII letters, digits and '_' only");

    internal void ReportUnclosedBlock(Token found, Token opener) =>
        Error(found, $"syntax error: expected '}}' to close the block opened at line {opener.Location.Line}, "
            + $"column {opener.Location.Column}, but found {DescribeFound(found)} (missing closing brace?)");

    internal void ReportScheduleTooShort(Token where) =>
        Error(where, "syntax error: a schedule needs at least two (domain, duration) entries");

    internal void ReportCharLiteral(Token found) =>
        Error(found, $"syntax error: character literals such as {found.Text} are not part of the ADL; use a string \"…\" or a number");

    internal void ReportMissingSettingSemicolon(Token next) =>
        Warning(next, "missing ';' after the previous setting; accepted because this setting starts on a new line, but add the ';'");

    internal void ReportUndefinedMacroValue(Token found, string expected) =>
        Error(found, $"syntax error: expected {expected}, but found '{found.Text}', which looks like a macro that is not defined; "
            + $"define it in the app's configurations/<app folder name>.h (configurations/vm.h includes it) or pass -D {found.Text}=<value>");
}
