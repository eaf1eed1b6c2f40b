using System.Text.Encodings.Web;
using System.Text.Json;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Adl.Output;

/// <summary>
/// Writes a compilation as JSON in the schema <c>camkes-vm/adl-assembly/1</c> that docs/adl-json.md
/// describes: the resolved assembly (instances, connections with their ends and connector, effective
/// settings, schedule) and the diagnostics.
/// </summary>
public static class AssemblyJsonWriter
{
    /// <summary>The schema identifier written as the <c>schema</c> property.</summary>
    public const string Schema = "camkes-vm/adl-assembly/1";

    /// <summary>
    /// Renders <paramref name="result"/> of compiling <paramref name="spec"/> as indented JSON; with
    /// <paramref name="guests"/>, also the guests' boot configuration and the diagnostics of reading it.
    /// </summary>
    public static string Write(string spec, CompilationResult result, GuestConfigurationSet? guests = null)
    {
        using var stream = new MemoryStream();
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            writer.WriteStartObject();
            writer.WriteString("schema", Schema);
            writer.WriteString("spec", spec);
            writer.WriteBoolean("ok", result.Succeeded && (guests?.Succeeded ?? true));
            WriteDiagnostics(writer, [.. result.Diagnostics, .. guests?.Diagnostics ?? []]);
            if (result.Assembly is { } assembly)
            {
                WriteInstances(writer, assembly);
                WriteConnections(writer, assembly);
                WriteSettings(writer, assembly);
                WriteSchedule(writer, assembly);
                GuestJsonWriter.Write(writer, guests?.Guests ?? []);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteDiagnostics(Utf8JsonWriter writer, IReadOnlyList<Diagnostic> diagnostics) =>
        writer.WriteObjects("diagnostics", diagnostics, diagnostic =>
        {
            writer.WriteString("severity", diagnostic.IsError ? "error" : "warning");
            writer.WriteString("stage", diagnostic.Stage.ToolName());
            writer.WriteString("file", diagnostic.Location.File);
            writer.WriteNumber("line", diagnostic.Location.Line);
            writer.WriteNumber("column", diagnostic.Location.Column);
            writer.WriteString("message", diagnostic.Message);
        });

    private static void WriteInstances(Utf8JsonWriter writer, ResolvedAssembly assembly) =>
        writer.WriteObjects("instances", assembly.Instances, instance =>
        {
            writer.WriteString("name", instance.Name);
            writer.WriteString("component", instance.Component.Name);
            writer.WriteString("address_space", instance.AddressSpace);
            writer.WriteBoolean("control", instance.Component.Control);
            writer.WriteBoolean("hardware", instance.Component.Hardware);
            writer.WriteString("location", instance.Location.ToString());
            writer.WriteObjects("interfaces", instance.Component.Interfaces, declaration =>
            {
                writer.WriteString("name", declaration.Name);
                WriteKindAndType(writer, declaration);
                writer.WriteBoolean("optional", declaration.Optional);
                if (declaration.DataportSize is { } size)
                {
                    writer.WriteNumber("size", size);
                }
            });
        });

    /// <summary>The members an interface and a connection end share.</summary>
    private static void WriteKindAndType(Utf8JsonWriter writer, InterfaceDeclaration declaration)
    {
        writer.WriteString("kind", declaration.Kind.ToString().ToLowerInvariant());
        writer.WriteString("type", declaration.TypeName);
    }

    private static void WriteEnd(Utf8JsonWriter writer, ConnectionEnd end)
    {
        writer.WriteString("instance", end.Instance);
        writer.WriteString("interface", end.Interface.Name);
        WriteKindAndType(writer, end.Interface);
    }

    private static void WriteConnections(Utf8JsonWriter writer, ResolvedAssembly assembly) =>
        writer.WriteObjects("connections", assembly.Connections, connection =>
        {
            writer.WriteString("name", connection.Name);
            writer.WriteString("connector", connection.Connector.Name);
            writer.WriteString("location", connection.Location.ToString());
            writer.WriteObjects("from", connection.From, end => WriteEnd(writer, end));
            writer.WriteObjects("to", connection.To, end => WriteEnd(writer, end));
        });

    private static void WriteSettings(Utf8JsonWriter writer, ResolvedAssembly assembly)
    {
        writer.WriteStartObject("settings");
        foreach (var (owner, values) in assembly.Configuration.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject(owner);
            foreach (var (attribute, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(attribute);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteSchedule(Utf8JsonWriter writer, ResolvedAssembly assembly) =>
        writer.WriteObjects("schedule", assembly.Schedule, entry =>
        {
            writer.WriteNumber("domain", entry.Domain);
            writer.WriteNumber("duration", entry.Duration);
            writer.WriteString("unit", entry.Unit);
        });

    /// <summary>Ints and floats become numbers, strings strings, lists arrays, dicts objects (number keys in decimal).</summary>
    private static void WriteValue(Utf8JsonWriter writer, AdlValue value)
    {
        switch (value)
        {
            case IntValue i:
                writer.WriteNumberValue(i.Value);
                break;
            case FloatValue f:
                writer.WriteNumberValue(f.Value);
                break;
            case StringValue s:
                writer.WriteStringValue(s.Value);
                break;
            case ListValue list:
                writer.WriteStartArray();
                list.Items.ToList().ForEach(item => WriteValue(writer, item));
                writer.WriteEndArray();
                break;
            case DictValue dict:
                WriteDict(writer, dict);
                break;
            case QueryValue query:
                writer.WriteStartObject();
                writer.WriteString("query", query.Name);
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteDict(Utf8JsonWriter writer, DictValue dict)
    {
        writer.WriteStartObject();
        var last = new Dictionary<string, AdlValue>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (key, item) in dict.Entries)
        {
            var name = key is StringValue s ? s.Value : key.ToString();
            if (!last.ContainsKey(name))
            {
                order.Add(name);
            }
            last[name] = item;
        }
        foreach (var name in order)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, last[name]);
        }
        writer.WriteEndObject();
    }
}
