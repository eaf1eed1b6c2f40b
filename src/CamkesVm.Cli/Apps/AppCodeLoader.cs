using System.Diagnostics;
using System.Reflection;
using CamkesVm.Adl;
using CamkesVm.Adl.Model;
using CamkesVm.Runtime.CGlue;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Cli.Apps;

/// <summary>What an app folder contributes to a run.</summary>
/// <param name="Providers">Component providers (C#, then C) for the runtime.</param>
/// <param name="Extensions">The app's VMM extensions (e.g. hypercall handlers), one instance each.</param>
/// <param name="Notes">Things worth telling the user that are not errors (ignored files, timings).</param>
public sealed record AppCode(IReadOnlyList<IComponentProvider> Providers, IReadOnlyList<IVmExtension> Extensions, IReadOnlyList<string> Notes);

/// <summary>
/// Finds and builds an app's code (layout: <see cref="AppFolder"/>): writes a glue manifest per component type into
/// <c>build/glue/</c>, compiles the C# sources in process with the glue generator, builds each C component type with
/// gcc into <c>build/c/</c>, and checks that every native component type of the assembly has exactly one implementation.
/// Every problem is an <see cref="AppCodeException"/> whose message names the file or the type.
/// </summary>
public static class AppCodeLoader
{
    /// <summary>Loads the code of the app in <paramref name="appFolder"/> for the compiled <paramref name="spec"/>.</summary>
    public static AppCode Load(string appFolder, CompilationResult spec)
    {
        if (spec.Assembly is null)
        {
            throw new AppCodeException($"the spec has errors ({spec.FirstError}); fix them before loading app code");
        }
        var folder = new AppFolder(appFolder);
        var notes = new List<string>();
        var needed = folder.NativeTypes(spec);
        var manifests = WriteManifests(folder, spec);
        var providers = new List<IComponentProvider>();
        var extensions = new List<IVmExtension>();
        var implemented = new Dictionary<string, string>(StringComparer.Ordinal);
        if (folder.CSharpFiles() is { Count: > 0 } csFiles)
        {
            var clock = Stopwatch.StartNew();
            var assembly = CSharpAppCompiler.Compile($"App.{Path.GetFileName(folder.Root)}", csFiles, manifests);
            notes.Add($"compiled {csFiles.Count} C# file(s) in {clock.ElapsedMilliseconds} ms");
            var provider = new AssemblyComponentProvider(assembly);
            providers.Add(provider);
            extensions.AddRange(CreateExtensions(assembly));
            foreach (var type in provider.TypeNames)
            {
                implemented[type] = "C# (components/)";
            }
        }
        var c = BuildC(folder, spec, needed, implemented, notes);
        if (c is not null)
        {
            providers.Add(c);
        }
        var missing = needed.Where(n => !implemented.ContainsKey(n.Type.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new AppCodeException(string.Join(Environment.NewLine, missing.Select(m =>
                $"component type {m.Type.Name} (instance {m.Instance.Name}, declared at {m.Type.Location}) has no implementation: add " +
                $"components/{m.Type.Name}/*.cs with [CamkesComponent(\"{m.Type.Name}\")] partial class, or C files in components/{m.Type.Name}/ " +
                $"or a Makefile line {m.Type.Name}_CFILES += $(SOURCE_DIR)/file.c")));
        }
        return new AppCode(providers, extensions, notes);
    }

    /// <summary>One manifest per component type declared in the app (all the generator may be asked for).</summary>
    private static List<(string Path, string Text)> WriteManifests(AppFolder folder, CompilationResult spec)
    {
        var directory = Path.Combine(folder.Build, "glue");
        Directory.CreateDirectory(directory);
        var manifests = new List<(string Path, string Text)>();
        foreach (var type in spec.Components.Where(t => !t.IsCompound && !t.Hardware && !AppFolder.IsVmType(t.Name) && t.Name != "<anonymous>").DistinctBy(t => t.Name))
        {
            var path = Path.Combine(directory, type.Name + GlueManifestWriter.Extension);
            var text = GlueManifestWriter.Write(type, spec.Procedures);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
            }
            manifests.Add((path, text));
        }
        return manifests;
    }

    private static CComponentProvider? BuildC(
        AppFolder folder, CompilationResult spec, IReadOnlyList<(ComponentType Type, Instance Instance)> needed,
        Dictionary<string, string> implemented, List<string> notes)
    {
        var libraries = new Dictionary<string, (CGlueLayout, string)>(StringComparer.Ordinal);
        foreach (var (typeName, files) in folder.CFiles())
        {
            var type = needed.Select(n => n.Type).FirstOrDefault(t => t.Name == typeName);
            if (type is null)
            {
                notes.Add(AppFolder.IsVmType(typeName)
                    ? $"ignored C files of {typeName} ({string.Join(", ", files.Select(Path.GetFileName))}): the VMM's cross-VM tables come from the spec"
                    : $"ignored C files of {typeName}: the assembly has no native instance of that component type");
                continue;
            }
            if (files.FirstOrDefault(f => !File.Exists(f)) is { } absent)
            {
                throw new AppCodeException($"component type {typeName}: C file {absent} does not exist (named by the app's Makefile or components/ folder)");
            }
            if (implemented.TryGetValue(typeName, out var other))
            {
                throw new AppCodeException($"component type {typeName} is implemented twice: in {other} and in C ({string.Join(", ", files)}); keep one");
            }
            var layout = new CGlueLayout(type);
            libraries[typeName] = (layout, CGlueBuilder.Build(layout, files, Path.Combine(folder.Build, "c")));
            implemented[typeName] = "C";
        }
        return libraries.Count == 0 ? null : new CComponentProvider(libraries);
    }

    private static IEnumerable<IVmExtension> CreateExtensions(Assembly assembly) =>
        assembly.GetTypes().Where(t => typeof(IVmExtension).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => t.GetConstructor(Type.EmptyTypes) is null
                ? throw new AppCodeException($"VMM extension {t.FullName} needs a public parameterless constructor")
                : (IVmExtension)Activator.CreateInstance(t)!);
}
