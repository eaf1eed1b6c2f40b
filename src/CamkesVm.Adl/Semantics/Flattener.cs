using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Stages s5–s7. Postcondition: one flat list of instances (top level first, then the inner instances of
/// hierarchical components as <c>outer.inner</c>), connections whose ends name real instances (exported
/// interfaces followed to the inner instance), and settings with full instance names.
/// </summary>
internal sealed class Flattener
{
    private readonly List<Instance> _instances = [];
    private readonly Dictionary<string, Instance> _byName = new(StringComparer.Ordinal);

    public List<Instance> Instances => _instances;

    public List<FlatConnection> Connections { get; } = [];

    public List<FlatSetting> Settings { get; } = [];

    /// <summary>Exported (virtual) interfaces as <c>instance.interface</c>: exempt from the connected check.</summary>
    public HashSet<string> VirtualInterfaces { get; } = new(StringComparer.Ordinal);

    public void Flatten(BoundAssembly assembly)
    {
        foreach (var instance in assembly.Composition.Instances)
        {
            Add(new Instance(instance.Name, instance.Type, instance.Group ?? instance.Name, instance.Location));
        }
        AddConnections("", assembly.Composition.Connections);
        Settings.AddRange(assembly.Settings.Select(s => new FlatSetting(s, s.Instance, "")));
        for (var i = 0; i < _instances.Count; i++)
        {
            if (_instances[i].Component.Composition is { } inner)
            {
                Expand(_instances[i], inner);
            }
        }
        foreach (var connection in Connections)
        {
            for (var e = 0; e < connection.Ends.Count; e++)
            {
                connection.Ends[e] = FollowExports(connection.Ends[e]);
            }
        }
    }

    private void Add(Instance instance)
    {
        _instances.Add(instance);
        _byName[instance.Name] = instance;
    }

    private void Expand(Instance outer, BoundComposition composition)
    {
        var prefix = outer.Name + ".";
        foreach (var instance in composition.Instances)
        {
            Add(new Instance(prefix + instance.Name, instance.Type, prefix + instance.Name, instance.Location));
        }
        AddConnections(outer.Name, composition.Connections);
        Settings.AddRange(outer.Component.Settings.Select(s => new FlatSetting(s, prefix + s.Instance, outer.Name)));
        foreach (var export in composition.Exports)
        {
            VirtualInterfaces.Add($"{outer.Name}.{export.Outer}");
        }
    }

    private void AddConnections(string owner, IEnumerable<BoundConnection> connections)
    {
        var prefix = owner.Length == 0 ? "" : owner + ".";
        foreach (var connection in connections)
        {
            var ends = connection.Ends.Select(e => new ConnectionEnd(e.IsFrom, e.Instance is null ? owner : prefix + e.Instance, e.Interface, e.Location)).ToList();
            Connections.Add(new FlatConnection(prefix + connection.Name, connection.Connector, ends, connection.Location));
        }
    }

    /// <summary>Rewrites an end on an exported interface to the inner interface it aliases, repeatedly.</summary>
    private ConnectionEnd FollowExports(ConnectionEnd end)
    {
        for (var hops = 0; hops < 64; hops++)
        {
            if (!_byName.TryGetValue(end.Instance, out var instance) || instance.Component.Composition is not { } inner)
            {
                return end;
            }
            var export = inner.Exports.Find(x => x.Outer == end.Interface.Name);
            var target = export is null ? null : inner.Instances.Find(i => i.Name == export.Instance);
            if (export is null || target?.Type.FindInterface(export.Interface) is not { } iface)
            {
                return end;
            }
            end = end with { Instance = $"{end.Instance}.{export.Instance}", Interface = iface };
        }
        return end;
    }
}
