using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Builds the effective configuration: for each instance, its declared attribute defaults overlaid with
/// its settings; struct values get missing fields from the struct's defaults. Settings on names that are
/// not instances (connections, unknown names) are kept under their own name.
/// </summary>
internal static class ConfigurationBuilder
{
    public static Dictionary<string, IReadOnlyDictionary<string, AdlValue>> Build(IReadOnlyList<Instance> instances, IReadOnlyList<Setting> settings)
    {
        var result = new Dictionary<string, Dictionary<string, AdlValue>>(StringComparer.Ordinal);
        var byName = instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            foreach (var attribute in instance.Component.Attributes.Where(a => a.Default is not null))
            {
                Values(result, instance.Name)[attribute.Name] = attribute.Default!;
            }
        }
        foreach (var setting in settings)
        {
            var declaration = byName.TryGetValue(setting.Instance, out var instance) ? instance.Component.FindAttribute(setting.Attribute) : null;
            Values(result, setting.Instance)[setting.Attribute] = WithDefaults(declaration, setting.Value);
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, AdlValue>)p.Value, StringComparer.Ordinal);
    }

    private static Dictionary<string, AdlValue> Values(Dictionary<string, Dictionary<string, AdlValue>> all, string name)
    {
        if (!all.TryGetValue(name, out var values))
        {
            values = new Dictionary<string, AdlValue>(StringComparer.Ordinal);
            all[name] = values;
        }
        return values;
    }

    private static AdlValue WithDefaults(AttributeDeclaration? declaration, AdlValue value)
    {
        if (declaration?.Struct is not { } structure)
        {
            return value;
        }
        return value switch
        {
            ListValue list when declaration.IsArray => new ListValue([.. list.Items.Select(item => FillStruct(structure, item))]),
            _ when !declaration.IsArray => FillStruct(structure, value),
            _ => value,
        };
    }

    private static AdlValue FillStruct(StructType structure, AdlValue value)
    {
        if (value is not DictValue dict)
        {
            return value;
        }
        var entries = dict.Entries.ToList();
        foreach (var field in structure.Fields.Where(f => f.Default is not null && dict[f.Name] is null))
        {
            entries.Add(new(new StringValue(field.Name), field.Default!));
        }
        return new DictValue(entries);
    }
}
