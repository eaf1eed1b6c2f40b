using System.Globalization;

namespace CamkesVm.Adl.Model;

/// <summary>
/// A value in a spec: a setting's right-hand side or an attribute default. Booleans are the integers
/// 1 and 0, as in the original tool.
/// </summary>
public abstract record AdlValue
{
    /// <summary>The type name used in messages (<c>int</c>, <c>float</c>, <c>string</c>, <c>list</c>, <c>dict</c>).</summary>
    public abstract string TypeName { get; }
}

/// <summary>An integer.</summary>
/// <param name="Value">The value.</param>
public sealed record IntValue(long Value) : AdlValue
{
    /// <inheritdoc />
    public override string TypeName => "int";

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A floating-point number (a literal with a decimal point).</summary>
/// <param name="Value">The value.</param>
public sealed record FloatValue(double Value) : AdlValue
{
    /// <inheritdoc />
    public override string TypeName => "float";

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A string (adjacent literals already concatenated).</summary>
/// <param name="Value">The text, without quotes.</param>
public sealed record StringValue(string Value) : AdlValue
{
    /// <inheritdoc />
    public override string TypeName => "string";

    /// <inheritdoc />
    public override string ToString() => $"\"{Value}\"";
}

/// <summary>A list <c>[a, b, …]</c>.</summary>
/// <param name="Items">The elements in order.</param>
public sealed record ListValue(IReadOnlyList<AdlValue> Items) : AdlValue
{
    /// <inheritdoc />
    public override string TypeName => "list";

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Items)}]";
}

/// <summary>A dictionary <c>{key: value, …}</c>; keys are strings or numbers.</summary>
/// <param name="Entries">The entries in source order (a repeated key keeps its last value).</param>
public sealed record DictValue(IReadOnlyList<KeyValuePair<AdlValue, AdlValue>> Entries) : AdlValue
{
    /// <inheritdoc />
    public override string TypeName => "dict";

    /// <summary>Looks up a key by value equality.</summary>
    public AdlValue? this[AdlValue key] => Entries.LastOrDefault(e => e.Key.Equals(key)).Value;

    /// <summary>Looks up a string key.</summary>
    public AdlValue? this[string key] => this[new StringValue(key)];

    /// <inheritdoc />
    public override string ToString() => $"{{{string.Join(", ", Entries.Select(e => $"{e.Key}: {e.Value}"))}}}";
}

/// <summary>A query such as <c>dtb({...})</c> that no plugin answered; kept so tools can see it.</summary>
/// <param name="Name">The query name.</param>
/// <param name="Arguments">The query's arguments.</param>
public sealed record QueryValue(string Name, IReadOnlyList<AdlValue> Arguments) : AdlValue
{
    /// <inheritdoc />
    public override string TypeName => "query";

    /// <inheritdoc />
    public override string ToString() => $"{Name}(...)";
}
