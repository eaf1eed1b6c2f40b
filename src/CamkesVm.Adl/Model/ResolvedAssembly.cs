using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Model;

/// <summary>A component instance of the flattened assembly.</summary>
/// <param name="Name">Full name; instances from hierarchical components are <c>outer.inner</c>.</param>
/// <param name="Component">The instance's component type.</param>
/// <param name="AddressSpace">The group it shares an address space with, or its own name.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record Instance(string Name, ComponentType Component, string AddressSpace, SourceLocation Location);

/// <summary>One end of a connection.</summary>
/// <param name="IsFrom">True for a <c>from</c> end.</param>
/// <param name="Instance">The instance's full name.</param>
/// <param name="Interface">The interface declaration on the instance's component.</param>
/// <param name="Location">Where the end is written.</param>
public sealed record ConnectionEnd(bool IsFrom, string Instance, InterfaceDeclaration Interface, SourceLocation Location)
{
    /// <summary><c>instance.interface</c>.</summary>
    public override string ToString() => $"{Instance}.{Interface.Name}";
}

/// <summary>A connection after N-way merging.</summary>
/// <param name="Name">The name; merged connections join their sorted names with '.'.</param>
/// <param name="Connector">The connector type.</param>
/// <param name="From">The from ends, sorted by instance and interface.</param>
/// <param name="To">The to ends, sorted by instance and interface.</param>
/// <param name="Location">Where the (first) connection is declared.</param>
public sealed record Connection(
    string Name, ConnectorType Connector, IReadOnlyList<ConnectionEnd> From, IReadOnlyList<ConnectionEnd> To, SourceLocation Location);

/// <summary>A setting <c>instance.attribute = value</c> after flattening and reference resolution.</summary>
/// <param name="Instance">The instance (or connection) name.</param>
/// <param name="Attribute">The attribute name.</param>
/// <param name="Value">The value.</param>
/// <param name="Location">Where the setting is written.</param>
public sealed record Setting(string Instance, string Attribute, AdlValue Value, SourceLocation Location);

/// <summary>One schedule entry.</summary>
/// <param name="Domain">The domain number.</param>
/// <param name="Duration">The duration.</param>
/// <param name="Unit"><c>ticks</c>, <c>us</c> or empty.</param>
public sealed record ScheduleEntry(long Domain, long Duration, string Unit);

/// <summary>
/// The resolved assembly: groups collapsed, assemblies merged, hierarchy flattened, attribute
/// references resolved and connections merged; the input of the runtime.
/// </summary>
public sealed class ResolvedAssembly
{
    internal ResolvedAssembly(
        IReadOnlyList<Instance> instances, IReadOnlyList<Connection> connections, IReadOnlyList<Setting> settings,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, AdlValue>> configuration, IReadOnlyList<ScheduleEntry> schedule)
    {
        Instances = instances;
        Connections = connections;
        Settings = settings;
        Configuration = configuration;
        Schedule = schedule;
    }

    /// <summary>All instances, top level first, then those from hierarchical components.</summary>
    public IReadOnlyList<Instance> Instances { get; }

    /// <summary>All connections after merging.</summary>
    public IReadOnlyList<Connection> Connections { get; }

    /// <summary>All settings in source order.</summary>
    public IReadOnlyList<Setting> Settings { get; }

    /// <summary>Per instance (or connection) name, the effective attribute values: settings merged with declared defaults.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, AdlValue>> Configuration { get; }

    /// <summary>The schedule, if any.</summary>
    public IReadOnlyList<ScheduleEntry> Schedule { get; }

    /// <summary>Finds an instance by full name.</summary>
    public Instance? FindInstance(string name) => Instances.FirstOrDefault(i => i.Name == name);

    /// <summary>The effective value of <c>instance.attribute</c>, or null.</summary>
    public AdlValue? GetValue(string instance, string attribute) =>
        Configuration.TryGetValue(instance, out var values) && values.TryGetValue(attribute, out var value) ? value : null;
}
