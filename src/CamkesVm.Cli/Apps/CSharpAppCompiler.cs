using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using CamkesVm.Generator;
using CamkesVm.Runtime.CGlue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CamkesVm.Cli.Apps;

/// <summary>
/// Compiles an app's C# sources in process with Roslyn, running <see cref="GlueGenerator"/> over them with the glue
/// manifests as AdditionalFiles, and loads the result into the default load context (so it shares CamkesVm.Runtime).
/// </summary>
public static class CSharpAppCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Compiles <paramref name="sourceFiles"/>; throws <see cref="AppCodeException"/> with the compiler's messages on errors.</summary>
    public static Assembly Compile(string assemblyName, IReadOnlyList<string> sourceFiles, IReadOnlyList<(string Path, string Text)> manifests) =>
        AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(Emit(assemblyName, sourceFiles, manifests)));

    /// <summary>
    /// As <see cref="Compile"/>, but keeps the image in <paramref name="cacheDirectory"/> under a hash of every input
    /// (sources, manifests, the runtime and generator builds) and loads it from there when nothing changed: Roslyn
    /// then does not run at all. The hash is part of the assembly name, so a changed app loads beside an older one.
    /// </summary>
    public static Assembly CompileCached(string name, IReadOnlyList<string> sourceFiles, IReadOnlyList<(string Path, string Text)> manifests, string cacheDirectory)
    {
        var assemblyName = $"{name}.{InputHash(sourceFiles, manifests)}";
        var path = Path.Combine(cacheDirectory, assemblyName + ".dll");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(cacheDirectory);
            var partial = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(partial, Emit(assemblyName, sourceFiles, manifests));
            File.Move(partial, path, overwrite: true);
        }
        return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName)
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    private static string InputHash(IReadOnlyList<string> sourceFiles, IReadOnlyList<(string Path, string Text)> manifests)
    {
        using var hash = new ContentHash();
        hash.Add(typeof(CamkesVm.Runtime.Components.NativeComponent).Assembly.ManifestModule.ModuleVersionId.ToString())
            .Add(typeof(GlueGenerator).Assembly.ManifestModule.ModuleVersionId.ToString());
        foreach (var file in sourceFiles)
        {
            hash.AddFile(file);
        }
        foreach (var (path, text) in manifests)
        {
            hash.Add(path).Add(text);
        }
        return hash.Finish(12);
    }

    /// <summary>The compiled image (IL), or <see cref="AppCodeException"/> listing every error as <c>file(line,col): error ID: message</c>.</summary>
    public static byte[] Emit(string assemblyName, IReadOnlyList<string> sourceFiles, IReadOnlyList<(string Path, string Text)> manifests)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sourceFiles.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f), System.Text.Encoding.UTF8), parse, f)).ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true, optimizationLevel: OptimizationLevel.Release);
        var compilation = CSharpCompilation.Create(assemblyName, trees, References.Value, options)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(GlobalUsings, parse, "GlobalUsings.g.cs"));
        var driver = CSharpGeneratorDriver.Create([new GlueGenerator().AsSourceGenerator()],
            [.. manifests.Select(m => (AdditionalText)new ManifestText(m.Path, m.Text))], parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        using var image = new MemoryStream();
        var result = output.Emit(image);
        var errors = generatorDiagnostics.Concat(result.Diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).Distinct().ToList();
        if (errors.Count > 0 || !result.Success)
        {
            throw new AppCodeException($"C# app code does not compile ({errors.Count} error(s)):" + Environment.NewLine +
                string.Join(Environment.NewLine, errors.Select(Format)));
        }
        return image.ToArray();
    }

    /// <summary>The implicit usings of an SDK project, so app files look like ordinary project files.</summary>
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using CamkesVm.Runtime.Components;
        """;

    private static string Format(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var where = span.Path is { Length: > 0 } ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : "";
        return $"  {where}error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>The platform assemblies plus those of this process (CamkesVm.Runtime, Machine, Adl).</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var wanted = paths.Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) ||
            n is "System.dll" or "mscorlib.dll" or "netstandard.dll" || (n.StartsWith("CamkesVm.", StringComparison.Ordinal) && !n.Contains("Tests", StringComparison.Ordinal))));
        return [.. wanted.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private sealed class ManifestText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
