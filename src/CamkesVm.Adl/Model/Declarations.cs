using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Model;

/// <summary>The kind of a component interface.</summary>
public enum InterfaceKind
{
    /// <summary><c>provides Procedure name</c>.</summary>
    Provides,

    /// <summary><c>uses Procedure name</c>.</summary>
    Uses,

    /// <summary><c>emits Event name</c>.</summary>
    Emits,

    /// <summary><c>consumes Event name</c>.</summary>
    Consumes,

    /// <summary><c>dataport Type name</c>.</summary>
    Dataport,
}

/// <summary>An interface of a component type.</summary>
/// <param name="Name">The interface name.</param>
/// <param name="Kind">Provides, uses, emits, consumes or dataport.</param>
/// <param name="TypeName">Procedure name, event type, or dataport type (<c>Buf</c>, <c>Buf(4096)</c>, a C type).</param>
/// <param name="Optional">True for <c>maybe</c> interfaces, which may stay unconnected.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record InterfaceDeclaration(string Name, InterfaceKind Kind, string TypeName, bool Optional, SourceLocation Location)
{
    /// <summary>The size in bytes of a <c>Buf(N)</c> dataport (4096 for <c>Buf</c>), else null.</summary>
    public long? DataportSize { get; init; }
}

/// <summary>An attribute of a component, connector or struct.</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="TypeName">Normalised type: int, unsigned int, char, string, int64_t, uint64_t, or a struct name.</param>
/// <param name="IsArray">True for <c>T name[]</c>.</param>
/// <param name="Default">The declared default value, if any.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record AttributeDeclaration(string Name, string TypeName, bool IsArray, AdlValue? Default, SourceLocation Location)
{
    /// <summary>The struct type when <see cref="TypeName"/> names one.</summary>
    public StructType? Struct { get; init; }
}

/// <summary>A struct type (named, or anonymous and named <c>camkes_anon_struct_N</c>).</summary>
/// <param name="Name">The struct name.</param>
/// <param name="Fields">Its fields with their defaults.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record StructType(string Name, IReadOnlyList<AttributeDeclaration> Fields, SourceLocation Location);

/// <summary>A procedure (RPC interface type).</summary>
/// <param name="Name">The procedure name.</param>
/// <param name="Methods">The method names in order.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record ProcedureType(string Name, IReadOnlyList<string> Methods, SourceLocation Location)
{
    /// <summary>The methods with their return and parameter types, in declaration order (for generated glue).</summary>
    public IReadOnlyList<MethodDeclaration> Signatures { get; init; } = [];
}

/// <summary>A procedure method's signature.</summary>
/// <param name="Name">The method name.</param>
/// <param name="ReturnType">The normalised return type (as <see cref="AttributeDeclaration.TypeName"/>), null for <c>void</c>.</param>
/// <param name="Parameters">The parameters in order.</param>
public sealed record MethodDeclaration(string Name, string? ReturnType, IReadOnlyList<ParameterDeclaration> Parameters);

/// <summary>A method parameter.</summary>
/// <param name="Direction"><c>in</c>, <c>out</c>, <c>inout</c> or <c>refin</c>.</param>
/// <param name="TypeName">The normalised type (<c>int</c>, <c>unsigned int</c>, <c>string</c>, or a type name such as <c>uint32_t</c>).</param>
/// <param name="IsArray">True for <c>T name[]</c>.</param>
/// <param name="Name">The parameter name.</param>
public sealed record ParameterDeclaration(string Direction, string TypeName, bool IsArray, string Name);

/// <summary>The kind of interface a connector side connects.</summary>
public enum ConnectorEndKind
{
    /// <summary>Events (emits/consumes).</summary>
    Event,

    /// <summary>Procedures (uses/provides).</summary>
    Procedure,

    /// <summary>Dataports.</summary>
    Dataport,
}

/// <summary>One side of a connector.</summary>
/// <param name="Kind">What the side connects.</param>
/// <param name="Multiple">True for the plural forms (<c>Procedures</c>, …): several ends allowed.</param>
/// <param name="Threads">Interface threads per end (default 1).</param>
/// <param name="Hardware">True when the side must be a hardware component.</param>
public sealed record ConnectorSide(ConnectorEndKind Kind, bool Multiple, long Threads, bool Hardware);

/// <summary>A connector type.</summary>
/// <param name="Name">The connector name.</param>
/// <param name="From">The from side.</param>
/// <param name="To">The to side.</param>
/// <param name="Attributes">The connector's attributes with their values.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record ConnectorType(
    string Name, ConnectorSide From, ConnectorSide To, IReadOnlyList<AttributeDeclaration> Attributes, SourceLocation Location);

/// <summary>A component type.</summary>
public sealed class ComponentType
{
    internal ComponentType(string name, SourceLocation location)
    {
        Name = name;
        Location = location;
    }

    /// <summary>The component name (<c>&lt;anonymous&gt;</c> for inline types).</summary>
    public string Name { get; }

    /// <summary>Where it is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>True for <c>control</c> components (they have a <c>run</c> thread).</summary>
    public bool Control { get; internal set; }

    /// <summary>True for <c>hardware</c> components (devices; no code).</summary>
    public bool Hardware { get; internal set; }

    /// <summary>The interfaces in declaration order.</summary>
    public List<InterfaceDeclaration> Interfaces { get; } = [];

    /// <summary>The attributes in declaration order.</summary>
    public List<AttributeDeclaration> Attributes { get; } = [];

    /// <summary>Mutexes, semaphores and binary semaphores by name with their kind (<c>mutex</c>, …).</summary>
    public List<(string Name, string Kind, SourceLocation Location)> Synchronisation { get; } = [];

    /// <summary>Headers named by <c>include</c>.</summary>
    public List<string> Includes { get; } = [];

    /// <summary>True when the component has an inner composition (hierarchical component).</summary>
    public bool IsCompound => Composition is not null;

    internal Semantics.BoundComposition? Composition { get; set; }

    internal List<Semantics.BoundSetting> Settings { get; } = [];

    /// <summary>Finds an interface by name.</summary>
    public InterfaceDeclaration? FindInterface(string name) => Interfaces.Find(i => i.Name == name);

    /// <summary>Finds an attribute by name.</summary>
    public AttributeDeclaration? FindAttribute(string name) => Attributes.Find(a => a.Name == name);
}
