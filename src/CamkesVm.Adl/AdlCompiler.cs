using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Preprocessing;
using CamkesVm.Adl.Semantics;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl;

/// <summary>
/// The CAmkES ADL compiler: preprocess, parse, resolve imports and names, collapse groups, merge
/// assemblies, flatten hierarchy, resolve attribute references, merge N-way connections and check.
/// Each stage runs only when the earlier ones found no errors, so the first failing stage is the
/// verdict, as with camkes-tool. Never throws on bad input.
/// </summary>
public static class AdlCompiler
{
    /// <summary>Compiles the spec file at <paramref name="path"/>.</summary>
    public static CompilationResult CompileFile(string path, CompileOptions? options = null)
    {
        options ??= new CompileOptions();
        var diagnostics = new DiagnosticBag();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.ReportFileNotFound(new SourceLocation(path, 0, 0, null, 0), path);
            return new CompilationResult(diagnostics, null, [], []);
        }
        var directory = Path.GetDirectoryName(path);
        var search = options.IncludeDirectories.Append(string.IsNullOrEmpty(directory) ? "." : directory).ToList();
        return Compile(new SourceText(path, text), search, options with { Autoconf = options.Autoconf ?? AutoconfHeader.ForSpec(path) }, diagnostics);
    }

    /// <summary>Compiles spec text; <paramref name="path"/> names it in diagnostics and anchors relative imports.</summary>
    public static CompilationResult CompileText(string text, string path = "<string>", CompileOptions? options = null)
    {
        options ??= new CompileOptions();
        return Compile(new SourceText(path, text), options.IncludeDirectories, options, new DiagnosticBag());
    }

    private static CompilationResult Compile(SourceText main, IReadOnlyList<string> search, CompileOptions options, DiagnosticBag diagnostics)
    {
        var resolver = new SourceResolver(search, options.Autoconf ?? new AutoconfHeader("app", null));
        var loader = new SpecLoader(resolver, options, diagnostics);
        var items = loader.Load(main);
        var binder = new Binder(diagnostics);
        if (!diagnostics.HasErrors)
        {
            binder.Bind(items);
        }
        var assembly = diagnostics.HasErrors ? null : Resolve(binder, main, diagnostics);
        return new CompilationResult(diagnostics, assembly, binder.Components, loader.FilesRead) { Procedures = binder.ProcedureTypes };
    }

    private static ResolvedAssembly? Resolve(Binder binder, SourceText main, DiagnosticBag diagnostics)
    {
        diagnostics.Stage = CompilerStage.Assembly;
        if (!binder.Assembly.Found)
        {
            diagnostics.ReportNoAssembly(new SourceLocation(main.Path, 1, 1, main, 0));
            return null;
        }
        var flattener = new Flattener();
        flattener.Flatten(binder.Assembly);
        if (!RunQueries(flattener.Settings, diagnostics))
        {
            return null;
        }
        new AttributeReferenceResolver(flattener.Instances, diagnostics).Resolve(flattener.Settings);
        var connections = diagnostics.HasErrors ? [] : ConnectionMerger.Merge(flattener.Connections, diagnostics);
        return diagnostics.HasErrors ? null : Check(binder, flattener, connections, diagnostics);
    }

    /// <summary>Stage s7.1: camkes-vm has no query plugins, so any query is reported.</summary>
    private static bool RunQueries(List<FlatSetting> settings, DiagnosticBag diagnostics)
    {
        diagnostics.Stage = CompilerStage.Query;
        foreach (var setting in settings.Where(s => s.Value is QueryValue))
        {
            diagnostics.ReportUnknownQuery(setting.Bound.Location, ((QueryValue)setting.Value!).Name);
        }
        return !diagnostics.HasErrors;
    }

    private static ResolvedAssembly Check(Binder binder, Flattener flattener, List<Connection> connections, DiagnosticBag diagnostics)
    {
        diagnostics.Stage = CompilerStage.Check;
        var instances = flattener.Instances;
        if (instances.Count == 0)
        {
            diagnostics.ReportNoInstances(binder.Assembly.Location);
        }
        new DeclarationChecker(diagnostics).Check(binder.Components, binder.Procedures);
        new ConnectionChecker(diagnostics).Check(instances, connections, flattener.VirtualInterfaces);
        new SettingChecker(diagnostics).Check(flattener.Settings, instances, connections);
        var settings = flattener.Settings.Select(s => new Setting(s.Instance, s.Attribute, s.Value!, s.Bound.Location)).ToList();
        var configuration = ConfigurationBuilder.Build(instances, settings);
        return new ResolvedAssembly(instances, connections, settings, configuration, binder.Assembly.Schedule);
    }
}
