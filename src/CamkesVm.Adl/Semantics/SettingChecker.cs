using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Stage s10 checks of settings: duplicates, C keyword names, value types against declared attributes,
/// and warnings for settings the original silently accepts (undeclared attribute, unknown instance).
/// </summary>
internal sealed class SettingChecker(DiagnosticBag diagnostics)
{
    public void Check(IReadOnlyList<FlatSetting> settings, IReadOnlyList<Instance> instances, IReadOnlyList<Connection> connections)
    {
        var byName = instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var connectionNames = connections.SelectMany(c => c.Name.Split('.').Append(c.Name)).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            var location = setting.Bound.AttributeLocation;
            if (!seen.Add(setting.Key))
            {
                diagnostics.ReportDuplicateSetting(location, setting.Key);
            }
            if (DeclarationChecker.CKeywords.Contains(setting.Attribute))
            {
                diagnostics.ReportCKeyword(location, "setting", setting.Attribute);
            }
            if (byName.TryGetValue(setting.Instance, out var instance))
            {
                CheckAgainstDeclaration(setting, instance);
            }
            else if (!connectionNames.Contains(setting.Instance) && !connectionNames.Any(c => c.EndsWith("." + setting.Instance, StringComparison.Ordinal)))
            {
                diagnostics.ReportUnknownInstance(setting.Bound.Location, setting.Instance, setting.Attribute);
            }
        }
    }

    private void CheckAgainstDeclaration(FlatSetting setting, Instance instance)
    {
        var declaration = instance.Component.FindAttribute(setting.Attribute);
        if (declaration is null)
        {
            if (!TemplateSettings.IsKnown(instance.Component, setting.Attribute))
            {
                diagnostics.ReportUndeclaredAttribute(setting.Bound.AttributeLocation, instance.Name, instance.Component.Name, setting.Attribute);
            }
            return;
        }
        new ValueTypeChecker(diagnostics, setting.Bound.AttributeLocation, setting.Key).Check(declaration, setting.Value!);
    }
}
