using CamkesVm.Adl.Syntax;

namespace CamkesVm.Adl.Preprocessing;

internal sealed partial class Preprocessor
{
    /// <summary>Handles #if/#ifdef/#ifndef/#elif/#else/#endif; false when the directive is not one.</summary>
    private bool TryConditional(FileState state, Token name, List<Token> rest)
    {
        var conditionals = state.Conditionals;
        switch (name.Text)
        {
            case "if":
                conditionals.Push(name, conditionals.IsActive && _conditions.Evaluate(name, rest));
                return true;
            case "ifdef" or "ifndef":
                conditionals.Push(name, conditionals.IsActive && IsDefined(name, rest) == (name.Text == "ifdef"));
                return true;
            case "elif":
                conditionals.Elif(name, conditionals.ElifNeedsCondition && _conditions.Evaluate(name, rest), _diagnostics);
                return true;
            case "else":
                conditionals.Else(name, _diagnostics);
                return true;
            case "endif":
                conditionals.End(name, _diagnostics);
                return true;
            default:
                return false;
        }
    }

    private bool IsDefined(Token directive, List<Token> rest)
    {
        if (rest.Count == 0 || rest[0].Kind != TokenKind.Identifier)
        {
            _diagnostics.ReportMissingMacroName(directive, directive.Text);
            return false;
        }
        return _macros.ContainsKey(rest[0].Text);
    }

    private void Include(FileState state, Token directive, List<Token> rest)
    {
        var target = IncludeTarget(rest) ?? IncludeTarget(_expander.Expand(rest));
        if (target is not var (name, angle))
        {
            _diagnostics.ReportIncludeSyntax(directive);
            return;
        }
        if (state.Depth >= MaxIncludeDepth)
        {
            _diagnostics.ReportIncludeTooDeep(directive);
            return;
        }
        var source = _resolver.Resolve(name, angle, state.File.Path);
        if (source is null)
        {
            _diagnostics.ReportIncludeNotFound(directive, name, angle, _resolver.SearchDirectories);
            return;
        }
        ProcessFile(source, state.Depth + 1);
    }

    /// <summary>Reads <c>"name"</c> or <c>&lt;name&gt;</c> from the directive's tokens.</summary>
    internal static (string Name, bool Angle)? IncludeTarget(IReadOnlyList<Token> tokens)
    {
        if (tokens.Count == 0)
        {
            return null;
        }
        if (tokens[0].Kind == TokenKind.String)
        {
            return (tokens[0].Text[1..^1], false);
        }
        if (tokens[0].Kind != TokenKind.Less)
        {
            return null;
        }
        var name = new System.Text.StringBuilder();
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.Greater)
            {
                return (name.ToString(), true);
            }
            name.Append(i > 1 && tokens[i].LeadingSpace ? " " : "").Append(tokens[i].Text);
        }
        return null;
    }
}
