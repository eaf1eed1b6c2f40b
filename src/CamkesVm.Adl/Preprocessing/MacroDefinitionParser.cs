using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Syntax;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>Parses the tokens of a <c>#define</c> line into a <see cref="MacroDefinition"/>.</summary>
internal static class MacroDefinitionParser
{
    /// <summary>Parses <c>NAME body</c> or <c>NAME(params) body</c>; null (after reporting) when malformed.</summary>
    public static MacroDefinition? Parse(Token directive, IReadOnlyList<Token> line, DiagnosticBag diagnostics)
    {
        if (line.Count == 0 || line[0].Kind != TokenKind.Identifier)
        {
            diagnostics.ReportMissingMacroName(line.Count > 0 ? line[0] : directive, "define");
            return null;
        }
        var name = line[0];
        var functionLike = line.Count > 1 && line[1].Kind == TokenKind.LeftParen && !line[1].LeadingSpace;
        if (!functionLike)
        {
            return new MacroDefinition(name.Text, null, false, [.. line.Skip(1)], name.Location);
        }
        var (parameters, variadic, bodyStart) = ParseParameters(line);
        if (parameters is null)
        {
            diagnostics.ReportMacroParameterList(line[Math.Min(bodyStart, line.Count - 1)]);
            return null;
        }
        var macro = new MacroDefinition(name.Text, parameters, variadic, [.. line.Skip(bodyStart)], name.Location);
        return ValidateBody(macro, diagnostics) ? macro : null;
    }

    private static (List<string>? Parameters, bool Variadic, int BodyStart) ParseParameters(IReadOnlyList<Token> line)
    {
        var parameters = new List<string>();
        var i = 2;
        if (i < line.Count && line[i].Kind == TokenKind.RightParen)
        {
            return (parameters, false, i + 1);
        }
        while (i < line.Count)
        {
            var token = line[i];
            if (token.Kind == TokenKind.Ellipsis)
            {
                parameters.Add(MacroDefinition.VariadicName);
                return i + 1 < line.Count && line[i + 1].Kind == TokenKind.RightParen ? (parameters, true, i + 2) : (null, false, i);
            }
            if (token.Kind != TokenKind.Identifier || i + 1 >= line.Count)
            {
                return (null, false, i);
            }
            parameters.Add(token.Text);
            i += 2;
            if (line[i - 1].Kind == TokenKind.RightParen)
            {
                return (parameters, false, i);
            }
            if (line[i - 1].Kind != TokenKind.Comma)
            {
                return (null, false, i - 1);
            }
        }
        return (null, false, line.Count - 1);
    }

    private static bool ValidateBody(MacroDefinition macro, DiagnosticBag diagnostics)
    {
        var body = macro.Body;
        if (body.Count > 0 && (body[0].Kind == TokenKind.HashHash || body[^1].Kind == TokenKind.HashHash))
        {
            diagnostics.ReportHashHashAtEdge(body[0].Kind == TokenKind.HashHash ? body[0] : body[^1]);
            return false;
        }
        for (var i = 0; i < body.Count; i++)
        {
            if (body[i].Kind == TokenKind.Hash && (i + 1 >= body.Count || macro.ParameterIndex(body[i + 1].Text) < 0))
            {
                diagnostics.ReportHashNotFollowedByParameter(body[i]);
                return false;
            }
        }
        return true;
    }
}
