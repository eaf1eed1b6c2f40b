using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax.Nodes;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Semantics;

/// <summary>An instance in a composition before flattening.</summary>
internal sealed record BoundInstance(string Name, ComponentType Type, string? Group, SourceLocation Location);

/// <summary>A connection end before flattening; <see cref="Instance"/> is null for the compound's own interface.</summary>
internal sealed record BoundEnd(bool IsFrom, string? Instance, InterfaceDeclaration Interface, SourceLocation Location);

/// <summary>A connection before flattening and merging.</summary>
internal sealed record BoundConnection(string Name, ConnectorType Connector, IReadOnlyList<BoundEnd> Ends, SourceLocation Location);

/// <summary><c>export inner.iface -> outer;</c> resolved.</summary>
internal sealed record BoundExport(string Instance, string Interface, string Outer);

/// <summary>A composition with resolved references.</summary>
internal sealed class BoundComposition
{
    public List<BoundInstance> Instances { get; } = [];

    public List<BoundConnection> Connections { get; } = [];

    public List<BoundExport> Exports { get; } = [];
}

/// <summary>A setting: a value, or a <c>&lt;-</c> reference still to resolve.</summary>
internal sealed record BoundSetting(
    string Instance, string Attribute, AdlValue? Value, AttributeReferenceSyntax? Reference,
    IReadOnlyList<AdlValue> ReferenceKeys, SourceLocation Location, SourceLocation AttributeLocation);

/// <summary>The merged top-level assembly before flattening.</summary>
internal sealed class BoundAssembly
{
    public BoundComposition Composition { get; } = new();

    public List<BoundSetting> Settings { get; } = [];

    public List<ScheduleEntry> Schedule { get; } = [];

    public bool Found { get; set; }

    /// <summary>Where the first assembly block starts.</summary>
    public Text.SourceLocation Location { get; set; } = Text.SourceLocation.None;
}
