using System.Text;
using CamkesVm.Adl.Model;

namespace CamkesVm.Cli.Apps;

/// <summary>
/// Writes the glue manifest of one component type (<c>&lt;Type&gt;.camkes-glue</c>) that the source generator
/// (src/CamkesVm.Generator, GlueManifest.cs documents the format) reads as an AdditionalFile.
/// </summary>
public static class GlueManifestWriter
{
    /// <summary>The file extension the generator looks for.</summary>
    public const string Extension = ".camkes-glue";

    /// <summary>The manifest text of <paramref name="type"/>; <paramref name="procedures"/> supplies the signatures of its uses/provides.</summary>
    public static string Write(ComponentType type, IReadOnlyList<ProcedureType> procedures)
    {
        var text = new StringBuilder();
        text.Append("camkes-glue\t1\n");
        text.Append($"# component type {type.Name}, declared at {type.Location}\n");
        text.Append($"component\t{type.Name}\t{(type.Control ? "control" : "passive")}\n");
        foreach (var item in type.Interfaces)
        {
            var kind = item.Kind.ToString().ToLowerInvariant();
            text.Append(item.Kind == InterfaceKind.Dataport
                ? $"dataport\t{item.Name}\t{item.TypeName}\t{item.DataportSize ?? 0}\n"
                : $"{kind}\t{item.Name}\t{item.TypeName}\n");
        }
        foreach (var (name, kind, _) in type.Synchronisation)
        {
            text.Append($"{kind}\t{name}\n");
        }
        foreach (var procedure in UsedProcedures(type, procedures))
        {
            foreach (var method in procedure.Signatures)
            {
                text.Append($"method\t{procedure.Name}\t{method.Name}\t{method.ReturnType ?? "void"}");
                foreach (var p in method.Parameters)
                {
                    text.Append($"\t{p.Direction}:{p.TypeName}{(p.IsArray ? "[]" : "")}:{p.Name}");
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    private static IEnumerable<ProcedureType> UsedProcedures(ComponentType type, IReadOnlyList<ProcedureType> procedures)
    {
        var names = type.Interfaces.Where(i => i.Kind is InterfaceKind.Uses or InterfaceKind.Provides).Select(i => i.TypeName).ToHashSet();
        return procedures.Where(p => names.Contains(p.Name)).DistinctBy(p => p.Name);
    }
}
