using CamkesVm.Adl;
using CamkesVm.Adl.Model;

namespace CamkesVm.Cli.Apps;

/// <summary>
/// The layout of an app folder (<c>apps/&lt;name&gt;/</c>) as the app code loader reads it:
/// <list type="bullet">
/// <item><c>components/&lt;Type&gt;/*.cs</c>: C# component implementations (<c>[CamkesComponent("Type")] partial class</c>);</item>
/// <item><c>vmm/*.cs</c>: C# VMM-side code (<c>IVmExtension</c> classes, e.g. a hypercall handler);</item>
/// <item><c>components/&lt;Type&gt;/*.c</c>: C sources of component type <c>Type</c>;</item>
/// <item>the seed's <c>Makefile</c> lines <c>&lt;Type&gt;_CFILES += $(SOURCE_DIR)/x.c</c> (also <c>$(wildcard …)</c>):
/// C sources anywhere in the app folder, e.g. the seed's <c>print_server.c</c> at the top;</item>
/// <item><c>build/</c>: generated glue manifests (<c>build/glue/</c>) and the C library cache (<c>build/c/</c>).</item>
/// </list>
/// </summary>
public sealed class AppFolder
{
    /// <summary>An app folder; <see cref="AppCodeException"/>-free: missing folders just hold no code.</summary>
    public AppFolder(string path) => Root = Path.GetFullPath(path);

    /// <summary>The app folder, absolute.</summary>
    public string Root { get; }

    /// <summary><c>components/</c>.</summary>
    public string Components => Path.Combine(Root, "components");

    /// <summary><c>build/</c>.</summary>
    public string Build => Path.Combine(Root, "build");

    /// <summary>All C# files of the app (components and VMM code), sorted.</summary>
    public IReadOnlyList<string> CSharpFiles() =>
        [.. new[] { Components, Path.Combine(Root, "vmm") }.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}build{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>C files per component type: <c>components/&lt;Type&gt;/*.c</c> plus the Makefile's <c>&lt;Type&gt;_CFILES</c>.</summary>
    public IReadOnlyDictionary<string, List<string>> CFiles()
    {
        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (Directory.Exists(Components))
        {
            foreach (var dir in Directory.EnumerateDirectories(Components))
            {
                var c = Directory.EnumerateFiles(dir, "*.c").Order(StringComparer.Ordinal).ToList();
                if (c.Count > 0)
                {
                    files[Path.GetFileName(dir)] = c;
                }
            }
        }
        foreach (var (type, list) in MakefileCFiles.Read(Path.Combine(Root, "Makefile"), Root))
        {
            files.TryAdd(type, []);
            files[type].AddRange(list.Where(f => !files[type].Contains(f)));
        }
        return files;
    }

    /// <summary>
    /// The component types that need app code: types of the assembly's instances declared in this app folder, except
    /// VM types (<c>Init&lt;N&gt;</c>), hardware and compound components. Types from the built-in VM library are the runtime's.
    /// </summary>
    public IReadOnlyList<(ComponentType Type, Instance Instance)> NativeTypes(CompilationResult spec) =>
        [.. (spec.Assembly?.Instances ?? []).Where(i => IsAppNative(i.Component)).GroupBy(i => i.Component.Name).Select(g => (g.First().Component, g.First()))];

    private bool IsAppNative(ComponentType type) =>
        !type.Hardware && !type.IsCompound && !IsVmType(type.Name) && IsInside(type.Location.File);

    /// <summary>True for the VM component types <c>Init0</c>…<c>InitN</c>.</summary>
    public static bool IsVmType(string name) => name.Length > 4 && name.StartsWith("Init", StringComparison.Ordinal) && name[4..].All(char.IsAsciiDigit);

    private bool IsInside(string file)
    {
        if (file.StartsWith('<'))
        {
            return false;
        }
        var full = Path.GetFullPath(file);
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
