using System.Reflection;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>
/// The built-in ADL library shipped inside this assembly (connectors, the VM component library and
/// <c>configurations/vm.h</c>), found after the user's search folders for both <c>#include</c> and
/// <c>import &lt;…&gt;</c>, so no <c>-I</c> is needed for them.
/// </summary>
public static class BuiltinLibrary
{
    /// <summary>The pseudo-folder built-in files appear under in diagnostics.</summary>
    public const string Root = "<builtin>";

    private const string ResourcePrefix = "builtin/";

    private static readonly Lazy<Dictionary<string, string>> Files = new(LoadAll);

    /// <summary>The relative paths of all built-in files (e.g. <c>VM/vm.camkes</c>).</summary>
    public static IEnumerable<string> Paths => Files.Value.Keys.Order(StringComparer.Ordinal);

    /// <summary>The text of a built-in file by relative path, or null.</summary>
    public static string? Read(string relativePath) =>
        Files.Value.TryGetValue(relativePath.Replace('\\', '/'), out var text) ? text : null;

    /// <summary>True when <paramref name="path"/> names a file of the built-in library.</summary>
    public static bool IsBuiltinPath(string path) => path.StartsWith(Root + "/", StringComparison.Ordinal);

    private static Dictionary<string, string> LoadAll()
    {
        var assembly = typeof(BuiltinLibrary).Assembly;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            files[name[ResourcePrefix.Length..].Replace('\\', '/')] = ReadResource(assembly, name);
        }
        return files;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
