namespace CamkesVm.Adl.Syntax.Nodes;

/// <summary>The type of an attribute, parameter or method result.</summary>
internal abstract record TypeSyntax(Token Start);

/// <summary>A built-in or C type word, already normalised (<c>signed int</c> → <c>int</c>).</summary>
internal sealed record PrimitiveTypeSyntax(Token Start, string Name) : TypeSyntax(Start);

/// <summary>A named struct (<c>struct s</c> or a bare identifier where a struct is expected).</summary>
internal sealed record StructReferenceSyntax(ReferenceSyntax Name, bool ExplicitStruct) : TypeSyntax(Name.First);

/// <summary>An anonymous struct <c>{ int a; string b = ""; }</c>.</summary>
internal sealed record AnonymousStructSyntax(Token Start, IReadOnlyList<AttributeSyntax> Fields) : TypeSyntax(Start);

/// <summary><c>attribute T name[] = value;</c>, a struct field, or a procedure attribute.</summary>
internal sealed record AttributeSyntax(TypeSyntax Type, Token Name, bool IsArray, ValueSyntax? Default);
