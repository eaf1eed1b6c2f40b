using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Syntax.Nodes;

/// <summary>A constant item: an expression, strings, a list or a dict.</summary>
internal abstract record ValueSyntax(Token Start)
{
    public SourceLocation Location => Start.Location;
}

/// <summary>A number or a boolean word.</summary>
internal sealed record LiteralSyntax(Token Token) : ValueSyntax(Token);

/// <summary>One or more adjacent string literals.</summary>
internal sealed record StringSyntax(IReadOnlyList<Token> Parts) : ValueSyntax(Parts[0]);

/// <summary>A prefix operator.</summary>
internal sealed record UnarySyntax(Token Operator, ValueSyntax Operand) : ValueSyntax(Operator);

/// <summary>A binary operator.</summary>
internal sealed record BinarySyntax(ValueSyntax Left, Token Operator, ValueSyntax Right) : ValueSyntax(Left.Start);

/// <summary><c>c ? a : b</c>.</summary>
internal sealed record ConditionalSyntax(ValueSyntax Condition, ValueSyntax WhenTrue, ValueSyntax WhenFalse) : ValueSyntax(Condition.Start);

/// <summary><c>[a, b]</c>.</summary>
internal sealed record ListSyntax(Token Open, IReadOnlyList<ValueSyntax> Items) : ValueSyntax(Open);

/// <summary><c>{k: v}</c>.</summary>
internal sealed record DictSyntax(Token Open, IReadOnlyList<(ValueSyntax Key, ValueSyntax Value)> Entries) : ValueSyntax(Open);

/// <summary>A query <c>name(args)[key]…</c> such as <c>dtb({...})</c>.</summary>
internal sealed record QuerySyntax(Token Name, IReadOnlyList<ValueSyntax> Arguments, IReadOnlyList<ValueSyntax> Keys) : ValueSyntax(Name);

/// <summary>The right-hand side of <c>x.a &lt;- y.b["k"][0]</c>.</summary>
internal sealed record AttributeReferenceSyntax(ReferenceSyntax Target, IReadOnlyList<ValueSyntax> Keys) : ValueSyntax(Target.First);
