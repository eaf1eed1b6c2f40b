namespace CamkesVm.Adl.Syntax.Nodes;

/// <summary>A top-level declaration; <see cref="Keyword"/> locates it.</summary>
internal abstract record ItemSyntax(Token Keyword)
{
    /// <summary>The file that declared the item (imports are inlined, so this differs per item).</summary>
    public string File => Keyword.Location.File;
}

/// <summary><c>import "x";</c> or <c>import &lt;x&gt;;</c>.</summary>
internal sealed record ImportSyntax(Token Keyword, string Path, bool Angle) : ItemSyntax(Keyword);

/// <summary><c>include "x.h";</c>: only recorded for generated C code.</summary>
internal sealed record IncludeSyntax(Token Keyword, string Path, bool Angle);

/// <summary><c>struct name { fields }</c>.</summary>
internal sealed record StructSyntax(Token Keyword, Token Name, IReadOnlyList<AttributeSyntax> Fields) : ItemSyntax(Keyword);

/// <summary>A parameter direction.</summary>
internal enum ParameterDirection { In, Out, InOut, RefIn }

/// <summary>A method parameter.</summary>
internal sealed record ParameterSyntax(ParameterDirection Direction, TypeSyntax Type, Token Name, bool IsArray);

/// <summary>A procedure method; <see cref="ReturnType"/> is null for void.</summary>
internal sealed record MethodSyntax(TypeSyntax? ReturnType, Token Name, IReadOnlyList<ParameterSyntax> Parameters);

/// <summary><c>procedure P { methods; attributes }</c>.</summary>
internal sealed record ProcedureSyntax(
    Token Keyword, Token? Name, IReadOnlyList<MethodSyntax> Methods, IReadOnlyList<AttributeSyntax> Attributes,
    IReadOnlyList<IncludeSyntax> Includes) : ItemSyntax(Keyword);

/// <summary>One side of a connector: <c>from [hardware] Procedures [with N threads];</c>.</summary>
internal sealed record ConnectorEndSyntax(Token TypeWord, bool Hardware, ValueSyntax? Threads);

/// <summary><c>connector C { from …; to …; attributes }</c>.</summary>
internal sealed record ConnectorSyntax(
    Token Keyword, Token? Name, ConnectorEndSyntax From, ConnectorEndSyntax To, IReadOnlyList<AttributeSyntax> Attributes)
    : ItemSyntax(Keyword);
