using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Syntax.Nodes;


/// <summary>
/// An interface declaration. <see cref="Type"/> is the procedure, event or dataport type name;
/// <see cref="BufferSize"/> is set for <c>Buf(N)</c>.
/// </summary>
internal sealed record InterfaceSyntax(
    Token Keyword, InterfaceKind Kind, bool Optional, ReferenceSyntax Type, ValueSyntax? BufferSize, Token Name);

/// <summary>The kind of a synchronisation primitive.</summary>
internal enum SyncKind { Mutex, Semaphore, BinarySemaphore }

/// <summary><c>has mutex m;</c> and friends.</summary>
internal sealed record SyncSyntax(SyncKind Kind, Token Name);

/// <summary>A component type, top-level or inline in an instance.</summary>
internal sealed record ComponentSyntax(Token Keyword, Token? Name) : ItemSyntax(Keyword)
{
    public bool Control { get; set; }

    public bool Hardware { get; set; }

    public List<InterfaceSyntax> Interfaces { get; } = [];

    public List<AttributeSyntax> Attributes { get; } = [];

    public List<SyncSyntax> Syncs { get; } = [];

    public List<IncludeSyntax> Includes { get; } = [];

    public CompositionSyntax? Composition { get; set; }

    public ConfigurationSyntax? Configuration { get; set; }
}
