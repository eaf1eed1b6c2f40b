using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Stage s8: resolves <c>x.a &lt;- y.b[key]…</c> settings, recursively. Inside a hierarchical component a
/// one-part reference names an attribute of the outer instance. An unset target falls back to the
/// target's declared default, then the referring attribute's default; with neither the setting is dropped.
/// Postcondition: every remaining setting has a value.
/// </summary>
internal sealed class AttributeReferenceResolver(IReadOnlyList<Instance> instances, DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, Instance> _instances = instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
    private Dictionary<string, List<FlatSetting>> _index = [];

    public void Resolve(List<FlatSetting> settings)
    {
        diagnostics.Stage = CompilerStage.AttributeReferences;
        _index = settings.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var setting in settings.Where(s => s.Value is null).ToList())
        {
            setting.Value = ResolveSetting(setting, []);
        }
        settings.RemoveAll(s => s.Value is null);
    }

    private AdlValue? ResolveSetting(FlatSetting setting, List<string> chain)
    {
        if (setting.Value is not null || setting.Bound.Reference is not { } reference)
        {
            return setting.Value;
        }
        var parts = reference.Target.Parts.Select(p => p.Text).ToList();
        if (parts.Count == 1 && setting.Prefix.Length == 0)
        {
            diagnostics.ReportUnqualifiedReference(setting.Bound.Location, parts[0]);
            return null;
        }
        var target = (setting.Prefix.Length == 0 ? "" : setting.Prefix + ".") + string.Join('.', parts);
        chain.Add(setting.Key);
        if (chain.Contains(target))
        {
            diagnostics.ReportReferenceLoop(setting.Bound.Location, string.Join("<-", chain.Append(target)));
            return null;
        }
        var value = TargetValue(setting, target, chain);
        return value is null ? Fallback(setting) : ApplyKeys(setting, target, value);
    }

    private AdlValue? TargetValue(FlatSetting setting, string target, List<string> chain)
    {
        if (_index.TryGetValue(target, out var candidates))
        {
            if (candidates.Count > 1)
            {
                diagnostics.ReportReferenceToMultiplySet(setting.Bound.Location, target);
                return null;
            }
            return candidates[0].Value ??= ResolveSetting(candidates[0], chain);
        }
        var dot = target.LastIndexOf('.');
        return _instances.TryGetValue(target[..dot], out var instance)
            ? instance.Component.FindAttribute(target[(dot + 1)..])?.Default
            : null;
    }

    private AdlValue? Fallback(FlatSetting setting) =>
        _instances.TryGetValue(setting.Instance, out var instance) ? instance.Component.FindAttribute(setting.Attribute)?.Default : null;

    private AdlValue? ApplyKeys(FlatSetting setting, string target, AdlValue value)
    {
        foreach (var key in setting.Bound.ReferenceKeys)
        {
            AdlValue? next = (value, key) switch
            {
                (ListValue list, IntValue index) when index.Value >= 0 && index.Value < list.Items.Count => list.Items[(int)index.Value],
                (DictValue dict, _) => dict[key],
                _ => null,
            };
            if (next is null)
            {
                diagnostics.ReportBadReferenceKey(setting.Bound.Location, target, $"[{key}]");
                return null;
            }
            value = next;
        }
        return value;
    }
}
