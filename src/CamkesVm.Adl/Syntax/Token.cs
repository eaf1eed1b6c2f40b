using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Syntax;

/// <summary>Records that a token came out of a macro expansion, for diagnostics notes.</summary>
/// <param name="MacroName">The macro that was expanded.</param>
/// <param name="Definition">Where the macro was defined.</param>
/// <param name="Parent">The enclosing expansion, if the macro was expanded inside another one.</param>
internal sealed record MacroExpansion(string MacroName, SourceLocation Definition, MacroExpansion? Parent)
{
    public string Describe() => $"in expansion of macro '{MacroName}' defined at {Definition.FileAndLine}";
}

/// <summary>
/// One token. Tokens produced by a macro body carry the location of the macro invocation in the
/// user's text, plus <see cref="Expansion"/> naming the macro.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, SourceLocation Location)
{
    /// <summary>True when whitespace preceded the token (used by <c>#</c> stringizing and angle paths).</summary>
    public bool LeadingSpace { get; init; }

    /// <summary>True when the token is the first one on its line (directives start there).</summary>
    public bool AtLineStart { get; init; }

    /// <summary>True for tokens the parser invented to recover from an error.</summary>
    public bool IsMissing { get; init; }

    /// <summary>The macro expansion the token came from.</summary>
    public MacroExpansion? Expansion { get; init; }

    /// <summary>Macros that must not expand this token again (Prosser's hide set).</summary>
    public HideSet? Hidden { get; init; }

    public override string ToString() => Text;
}

/// <summary>An immutable set of macro names, shared between tokens.</summary>
internal sealed class HideSet(string name, HideSet? rest)
{
    private readonly string _name = name;
    private readonly HideSet? _rest = rest;

    public bool Contains(string macro)
    {
        for (var set = this; set is not null; set = set._rest)
        {
            if (set._name == macro)
            {
                return true;
            }
        }
        return false;
    }

    public static HideSet With(HideSet? set, string macro) =>
        set is not null && set.Contains(macro) ? set : new HideSet(macro, set);
}
