namespace CamkesVm.Adl.Syntax.Nodes;

/// <summary><c>component T name;</c> with a named or inline component type.</summary>
internal sealed record InstanceSyntax(Token Keyword, ReferenceSyntax? Type, ComponentSyntax? InlineType, Token Name);

/// <summary>A connection end <c>from a.b</c>.</summary>
internal sealed record ConnectionEndSyntax(bool IsFrom, ReferenceSyntax Target);

/// <summary><c>connection C name(from …, to …);</c> with a named or inline connector.</summary>
internal sealed record ConnectionSyntax(
    Token Keyword, ReferenceSyntax? Connector, ConnectorSyntax? InlineConnector, Token Name, IReadOnlyList<ConnectionEndSyntax> Ends);

/// <summary><c>group [name] { instances }</c>.</summary>
internal sealed record GroupSyntax(Token Keyword, Token? Name, IReadOnlyList<InstanceSyntax> Instances);

/// <summary><c>export inner.iface -> outer_iface;</c>.</summary>
internal sealed record ExportSyntax(Token Keyword, ReferenceSyntax Inner, ReferenceSyntax Outer);

/// <summary>A composition block, or a reference to a named one (<c>composition NAME;</c>).</summary>
internal sealed record CompositionSyntax(Token Keyword, Token? Name, ReferenceSyntax? Reference) : ItemSyntax(Keyword)
{
    public List<InstanceSyntax> Instances { get; } = [];

    public List<ConnectionSyntax> Connections { get; } = [];

    public List<GroupSyntax> Groups { get; } = [];

    public List<ExportSyntax> Exports { get; } = [];
}

/// <summary><c>instance.attribute = value;</c> or <c>instance.attribute &lt;- reference;</c>.</summary>
internal sealed record SettingSyntax(Token Instance, Token Attribute, ValueSyntax Value);

/// <summary>A configuration block, or a reference to a named one.</summary>
internal sealed record ConfigurationSyntax(Token Keyword, Token? Name, ReferenceSyntax? Reference) : ItemSyntax(Keyword)
{
    public List<SettingSyntax> Settings { get; } = [];
}

/// <summary>One <c>(domain, duration [ticks|us])</c> schedule entry.</summary>
internal sealed record ScheduleItemSyntax(ValueSyntax Domain, ValueSyntax Duration, string Unit);

/// <summary><c>assembly [name] { compositions, configurations, schedule }</c>.</summary>
internal sealed record AssemblySyntax(Token Keyword, Token? Name) : ItemSyntax(Keyword)
{
    public List<CompositionSyntax> Compositions { get; } = [];

    public List<ConfigurationSyntax> Configurations { get; } = [];

    public List<ScheduleItemSyntax> Schedule { get; } = [];
}
