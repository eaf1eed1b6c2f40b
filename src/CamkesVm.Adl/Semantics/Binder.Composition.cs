using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Semantics;

internal sealed partial class Binder
{
    private void BindComposition(CompositionSyntax syntax, ComponentType? owner, BoundComposition target, TopLevelScope scope)
    {
        if (syntax.Reference is not null)
        {
            ReportLift(() => _diagnostics.ReportCompositionReference(syntax.Keyword, "composition"));
            return;
        }
        foreach (var instance in syntax.Instances)
        {
            BindInstance(instance, null, target, scope, scope.Instances);
        }
        foreach (var group in syntax.Groups)
        {
            BindGroup(group, target, scope);
        }
        foreach (var connection in syntax.Connections)
        {
            BindConnection(connection, owner, target, scope);
        }
        foreach (var export in syntax.Exports)
        {
            BindExport(export, owner, target, scope);
        }
    }

    private bool DefineInstanceName(Token name, TopLevelScope scope)
    {
        if (scope.InstanceNames.TryGetValue(name.Text, out var previous))
        {
            _diagnostics.ReportDuplicateDefinition(name, "group/component", previous);
            return false;
        }
        scope.InstanceNames[name.Text] = name.Location;
        return true;
    }

    private void BindInstance(InstanceSyntax syntax, string? group, BoundComposition target, TopLevelScope scope,
        Dictionary<string, BoundInstance> into)
    {
        var type = syntax.InlineType is { } inline ? BindComponent(inline) : _symbols.Lookup<ComponentType>("Component", syntax.Type!);
        if (type is null || syntax.Name.IsMissing || (group is null && !DefineInstanceName(syntax.Name, scope)))
        {
            return;
        }
        var instance = new BoundInstance(syntax.Name.Text, type, group, syntax.Name.Location);
        into[instance.Name] = instance;
        target.Instances.Add(instance);
    }

    private void BindGroup(GroupSyntax syntax, BoundComposition target, TopLevelScope scope)
    {
        var name = syntax.Name?.Text ?? $"unamed_group_{_anonymousGroups++}";
        if (syntax.Name is { } named && !DefineInstanceName(named, scope))
        {
            return;
        }
        var members = new Dictionary<string, BoundInstance>(StringComparer.Ordinal);
        scope.Groups[name] = members;
        foreach (var instance in syntax.Instances)
        {
            BindInstance(instance, name, target, scope, members);
        }
    }

    private void BindConnection(ConnectionSyntax syntax, ComponentType? owner, BoundComposition target, TopLevelScope scope)
    {
        var connector = syntax.InlineConnector is { } inline ? BindConnector(inline) : _symbols.Lookup<ConnectorType>("Connector", syntax.Connector!);
        if (scope.ConnectionNames.TryGetValue(syntax.Name.Text, out var previous))
        {
            _diagnostics.ReportDuplicateDefinition(syntax.Name, "Connection", previous);
            return;
        }
        scope.ConnectionNames[syntax.Name.Text] = syntax.Name.Location;
        var ends = syntax.Ends.Select(end => ResolveEnd(end.IsFrom, end.Target, owner, scope)).ToList();
        if (connector is not null && ends.TrueForAll(e => e is not null))
        {
            target.Connections.Add(new BoundConnection(syntax.Name.Text, connector, ends!, syntax.Name.Location));
        }
    }

    private BoundEnd? ResolveEnd(bool isFrom, ReferenceSyntax target, ComponentType? owner, TopLevelScope scope)
    {
        var parts = target.Parts;
        BoundInstance? instance = null;
        var found = parts.Count switch
        {
            1 => owner is not null,
            2 => scope.Instances.TryGetValue(parts[0].Text, out instance),
            3 => scope.Groups.TryGetValue(parts[0].Text, out var group) && group.TryGetValue(parts[1].Text, out instance),
            _ => false,
        };
        var iface = found ? (instance?.Type ?? owner)!.FindInterface(parts[^1].Text) : null;
        if (iface is null)
        {
            if (!target.IsMissing)
            {
                _diagnostics.ReportUnknownReference(target.First, target.Text, "Interface", []);
            }
            return null;
        }
        return new BoundEnd(isFrom, instance?.Name, iface, target.Location);
    }

    private void BindExport(ExportSyntax syntax, ComponentType? owner, BoundComposition target, TopLevelScope scope)
    {
        if (syntax.Inner.Parts.Count < 2)
        {
            ReportLift(() => _diagnostics.ReportIllegalExportSource(syntax.Inner.First));
            return;
        }
        var inner = ResolveEnd(false, syntax.Inner, owner, scope);
        var outer = owner?.FindInterface(syntax.Outer.Text);
        if (inner is null)
        {
            return;
        }
        if (owner is null)
        {
            _diagnostics.ReportExportOutsideComponent(syntax.Keyword);
            return;
        }
        if (outer is null)
        {
            _diagnostics.ReportUnknownReference(syntax.Outer.First, syntax.Outer.Text, "Interface", []);
            return;
        }
        target.Exports.Add(new BoundExport(inner.Instance!, inner.Interface.Name, outer.Name));
    }
}
