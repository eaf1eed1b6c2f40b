using System.Text.Json;

namespace CamkesVm.Adl.Output;

/// <summary>The one shape the JSON writers repeat: a named array of objects.</summary>
internal static class JsonWriterExtensions
{
    /// <summary>Writes <c>"name": [ {…}, … ]</c>, each object's members by <paramref name="members"/>.</summary>
    public static void WriteObjects<T>(this Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<T> members)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            members(item);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes a string member, or null.</summary>
    public static void WriteStringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
