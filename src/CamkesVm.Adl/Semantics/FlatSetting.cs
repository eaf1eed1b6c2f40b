using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>A setting after flattening: full instance name, and the prefix its references resolve against.</summary>
internal sealed record FlatSetting(BoundSetting Bound, string Instance, string Prefix)
{
    public string Attribute => Bound.Attribute;

    public AdlValue? Value { get; set; } = Bound.Value;

    public string Key => $"{Instance}.{Attribute}";
}

/// <summary>A connection after flattening, before merging.</summary>
internal sealed record FlatConnection(string Name, ConnectorType Connector, List<ConnectionEnd> Ends, Text.SourceLocation Location);
