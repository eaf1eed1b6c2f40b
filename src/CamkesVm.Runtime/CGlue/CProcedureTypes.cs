namespace CamkesVm.Runtime.CGlue;

/// <summary>Which member of the C glue's <c>camkes_rpc_slot</c> union carries a value.</summary>
public enum SlotField
{
    /// <summary><c>int64_t i</c>: signed integers, sign-extended.</summary>
    Signed,

    /// <summary><c>uint64_t u</c>: unsigned integers, <c>char</c> and <c>bool</c>, zero-extended.</summary>
    Unsigned,

    /// <summary><c>double f</c>: <c>float</c> and <c>double</c>.</summary>
    Float,

    /// <summary><c>const char *s</c> in, <c>char *m</c> out: NUL-terminated UTF-8, heap-allocated when it changes hands.</summary>
    String,
}

/// <summary>A procedure parameter or return type as the C glue passes it.</summary>
/// <param name="Adl">The spec's (normalised) type name.</param>
/// <param name="C">The C type in <c>camkes.h</c>.</param>
/// <param name="Field">The slot member that carries it.</param>
/// <param name="Clr">The type the generated C# interfaces use for it (the glue generator's mapping).</param>
public sealed record CType(string Adl, string C, SlotField Field, Type Clr)
{
    /// <summary>The C member name of <see cref="Field"/> for reading (<c>s</c> for strings).</summary>
    public string Member => Field switch { SlotField.Signed => "i", SlotField.Unsigned => "u", SlotField.Float => "f", _ => "s" };
}

/// <summary>
/// The procedure types C components support: CAmkES's <c>int</c>, <c>unsigned int</c>, <c>char</c>, <c>bool</c>/<c>boolean</c>,
/// <c>string</c> and the fixed-width integers, plus <c>float</c> and <c>double</c> (camkes_adl.md §2.3, §5.1).
/// </summary>
public static class CProcedureTypes
{
    private static readonly Dictionary<string, CType> Types = new CType[]
    {
        new("int", "int", SlotField.Signed, typeof(int)),
        new("unsigned int", "unsigned int", SlotField.Unsigned, typeof(uint)),
        new("char", "char", SlotField.Unsigned, typeof(byte)),
        new("signed char", "signed char", SlotField.Signed, typeof(sbyte)),
        new("unsigned char", "unsigned char", SlotField.Unsigned, typeof(byte)),
        new("bool", "bool", SlotField.Unsigned, typeof(bool)),
        new("boolean", "bool", SlotField.Unsigned, typeof(bool)),
        new("int8_t", "int8_t", SlotField.Signed, typeof(sbyte)),
        new("uint8_t", "uint8_t", SlotField.Unsigned, typeof(byte)),
        new("int16_t", "int16_t", SlotField.Signed, typeof(short)),
        new("uint16_t", "uint16_t", SlotField.Unsigned, typeof(ushort)),
        new("int32_t", "int32_t", SlotField.Signed, typeof(int)),
        new("uint32_t", "uint32_t", SlotField.Unsigned, typeof(uint)),
        new("int64_t", "int64_t", SlotField.Signed, typeof(long)),
        new("uint64_t", "uint64_t", SlotField.Unsigned, typeof(ulong)),
        new("float", "float", SlotField.Float, typeof(float)),
        new("double", "double", SlotField.Float, typeof(double)),
        new("string", "char *", SlotField.String, typeof(string)),
    }.ToDictionary(t => t.Adl, StringComparer.Ordinal);

    /// <summary>The supported spec type names, for error messages.</summary>
    public static string Supported => string.Join(", ", Types.Keys);

    /// <summary>The C type of <paramref name="adl"/>, or null when C components do not support it.</summary>
    public static CType? Find(string adl) => Types.GetValueOrDefault(adl);
}
