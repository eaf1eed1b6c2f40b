using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Vm;

/// <summary>
/// Typed reads of one instance's effective settings; a wrong type or a missing required value is
/// reported at the setting (or, when unset, at the instance declaration).
/// </summary>
internal sealed class SettingAccess(ResolvedAssembly assembly, string owner, SourceLocation fallback, DiagnosticBag diagnostics)
{
    public string Owner => owner;

    public DiagnosticBag Diagnostics => diagnostics;

    /// <summary>True when the spec sets the attribute explicitly (not only a declared default).</summary>
    public bool IsSet(string attribute) => assembly.Settings.Any(s => s.Instance == owner && s.Attribute == attribute);

    public AdlValue? Value(string attribute) => assembly.GetValue(owner, attribute);

    public SourceLocation LocationOf(string attribute) =>
        assembly.Settings.LastOrDefault(s => s.Instance == owner && s.Attribute == attribute)?.Location ?? fallback;

    public string Target(string attribute) => $"{owner}.{attribute}";

    /// <summary>An integer; when absent, reports it if <paramref name="purpose"/> is given (required) or returns <paramref name="otherwise"/>.</summary>
    public long? Int(string attribute, long? otherwise, string? purpose = null, string? example = null) =>
        Read(attribute, v => v is IntValue i ? i.Value : null, "an integer", otherwise, purpose, example);

    /// <summary>A string; as <see cref="Int"/>.</summary>
    public string? String(string attribute, string? otherwise, string? purpose = null, string? example = null) =>
        Read(attribute, v => v is StringValue s ? s.Value : null, "a string", otherwise, purpose, example);

    private T? Read<T>(string attribute, Func<AdlValue, T?> pick, string expected, T? otherwise, string? purpose, string? example)
    {
        var value = Value(attribute);
        if (value is null)
        {
            if (purpose is not null)
            {
                diagnostics.ReportGuestSettingMissing(fallback, Target(attribute), purpose, example!);
                return default;
            }
            return otherwise;
        }
        var picked = pick(value);
        if (picked is null)
        {
            diagnostics.ReportGuestSettingType(LocationOf(attribute), Target(attribute), expected, value);
        }
        return picked;
    }

    /// <summary>The dict entries of a list setting; an absent setting is an empty list.</summary>
    public IReadOnlyList<FieldReader> Dicts(string attribute)
    {
        var value = Value(attribute);
        if (value is null)
        {
            return [];
        }
        if (value is not ListValue list)
        {
            diagnostics.ReportGuestSettingType(LocationOf(attribute), Target(attribute), "a list of dicts", value);
            return [];
        }
        var readers = new List<FieldReader>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var target = $"{Target(attribute)}[{i}]";
            if (list.Items[i] is DictValue dict)
            {
                readers.Add(new FieldReader(dict, target, LocationOf(attribute), diagnostics));
            }
            else
            {
                diagnostics.ReportGuestSettingType(LocationOf(attribute), target, "a dict", list.Items[i]);
            }
        }
        return readers;
    }
}

/// <summary>Typed reads of the fields of one dict entry (<c>{"start": 0x4080, …}</c>).</summary>
internal sealed class FieldReader(DictValue dict, string target, SourceLocation location, DiagnosticBag diagnostics)
{
    public string Target => target;

    public SourceLocation Location => location;

    public bool Has(string field) => dict[field] is not null;

    /// <summary>An integer field; a null <paramref name="otherwise"/> makes it required.</summary>
    public long? Int(string field, long? otherwise = null) => Read(field, v => v is IntValue i ? i.Value : null, "an integer", otherwise);

    /// <summary>A string field; a null <paramref name="otherwise"/> makes it required.</summary>
    public string? String(string field, string? otherwise = null) => Read(field, v => v is StringValue s ? s.Value : null, "a string", otherwise);

    private T? Read<T>(string field, Func<AdlValue, T?> pick, string expected, T? otherwise)
    {
        var value = dict[field];
        if (value is null)
        {
            if (otherwise is null)
            {
                Missing(field);
            }
            return otherwise;
        }
        var picked = pick(value);
        if (picked is null)
        {
            Mistyped(field, expected, value);
        }
        return picked;
    }

    /// <summary>The dicts of a list field (absent means empty).</summary>
    public IReadOnlyList<FieldReader> Dicts(string field)
    {
        var value = dict[field];
        if (value is null)
        {
            return [];
        }
        if (value is not ListValue list)
        {
            Mistyped(field, "a list of dicts", value);
            return [];
        }
        var readers = new List<FieldReader>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is DictValue entry)
            {
                readers.Add(new FieldReader(entry, $"{target}.{field}[{i}]", location, diagnostics));
            }
            else
            {
                diagnostics.ReportGuestSettingType(location, $"{target}.{field}[{i}]", "a dict", list.Items[i]);
            }
        }
        return readers;
    }

    /// <summary>Reports <paramref name="problem"/> unless <paramref name="ok"/>.</summary>
    public bool Require(bool ok, string problem)
    {
        if (!ok)
        {
            diagnostics.ReportGuestValue(location, target, problem);
        }
        return ok;
    }

    private void Missing(string field) =>
        diagnostics.ReportGuestValue(location, target, $"the entry needs a \"{field}\" field");

    private void Mistyped(string field, string expected, AdlValue value) =>
        diagnostics.ReportGuestSettingType(location, $"{target}.{field}", expected, value);
}
