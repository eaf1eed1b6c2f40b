using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>A <c>#define</c>: object-like when <see cref="Parameters"/> is null.</summary>
internal sealed record MacroDefinition(
    string Name, IReadOnlyList<string>? Parameters, bool IsVariadic, IReadOnlyList<Token> Body, SourceLocation Location)
{
    public const string VariadicName = "__VA_ARGS__";

    public bool IsFunctionLike => Parameters is not null;

    /// <summary>The index of a parameter name, or -1.</summary>
    public int ParameterIndex(string name)
    {
        if (Parameters is null)
        {
            return -1;
        }
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>True when both definitions have the same parameters and body spelling.</summary>
    public bool SameAs(MacroDefinition other) =>
        IsVariadic == other.IsVariadic
        && (Parameters ?? []).SequenceEqual(other.Parameters ?? [])
        && Parameters is null == other.Parameters is null
        && Body.Select(t => t.Text).SequenceEqual(other.Body.Select(t => t.Text));
}
