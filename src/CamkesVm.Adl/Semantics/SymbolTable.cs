using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Syntax.Nodes;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Top-level names per kind (Component, Procedure, Connector, Struct, Composition, Configuration,
/// Assembly). Names become visible when defined, so there are no forward references, as in camkes-tool.
/// </summary>
internal sealed class SymbolTable(DiagnosticBag diagnostics)
{
    private sealed record Entry(object Value, SourceLocation Location);

    private readonly Dictionary<string, Dictionary<string, Entry>> _kinds = new(StringComparer.Ordinal);

    public void Define(string kind, Token name, object value)
    {
        var names = KindTable(kind);
        if (names.TryGetValue(name.Text, out var previous))
        {
            diagnostics.ReportDuplicateDefinition(name, kind, previous.Location);
            return;
        }
        names[name.Text] = new Entry(value, name.Location);
    }

    public T? Lookup<T>(string kind, ReferenceSyntax reference) where T : class
    {
        if (reference.IsMissing)
        {
            return null;
        }
        if (KindTable(kind).TryGetValue(reference.Text, out var entry))
        {
            return (T)entry.Value;
        }
        var others = _kinds.Where(k => k.Key != kind && k.Value.ContainsKey(reference.Text))
            .Select(k => (k.Key, k.Value[reference.Text].Location)).ToList();
        diagnostics.ReportUnknownReference(reference.First, reference.Text, kind, others);
        return null;
    }

    private Dictionary<string, Entry> KindTable(string kind)
    {
        if (!_kinds.TryGetValue(kind, out var names))
        {
            names = new Dictionary<string, Entry>(StringComparer.Ordinal);
            _kinds[kind] = names;
        }
        return names;
    }
}
