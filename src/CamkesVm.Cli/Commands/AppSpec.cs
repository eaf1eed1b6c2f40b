using CamkesVm.Adl;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// An app folder's top-level spec, compiled: the resolved assembly, its guests (<see cref="GuestConfigurationReader"/>)
/// and the app folder that holds its code and images. Diagnostics are printed; errors stop the run.
/// </summary>
internal sealed record AppSpec(string Path, string Folder, CompilationResult Compilation, GuestConfigurationSet Guests)
{
    public static AppSpec Load(string app)
    {
        string spec = FindSpec(app);
        var compilation = AdlCompiler.CompileFile(spec);
        var guests = compilation.Assembly is { } assembly ? GuestConfigurationReader.Read(assembly) : null;
        var diagnostics = compilation.Diagnostics.Concat(guests?.Diagnostics ?? []).ToList();
        foreach (var d in diagnostics) Console.Error.WriteLine(DiagnosticFormatter.Format(d));
        if (guests == null || diagnostics.Any(d => d.IsError))
            throw new BootPlanException($"{spec} has errors (above); fix them, or check with: camkes-vm check {spec}");
        return new AppSpec(spec, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(spec))!, compilation, guests);
    }

    /// <summary>The top-level spec of <paramref name="app"/>: the file itself, or the app folder's <c>vm.camkes</c> (else its one
    /// .camkes file with an assembly).</summary>
    public static string FindSpec(string app)
    {
        if (File.Exists(app)) return app;
        if (!Directory.Exists(app))
            throw new BootPlanException($"app {app} not found: give an app folder such as apps/cma34cr_minimal, or its .camkes file");
        string top = System.IO.Path.Combine(app, "vm.camkes");
        if (File.Exists(top)) return top;
        var withAssembly = Directory.GetFiles(app, "*.camkes").Where(f => File.ReadAllText(f).Contains("assembly")).ToList();
        return withAssembly.Count == 1 ? withAssembly[0]
            : throw new BootPlanException($"app {app}: cannot tell which .camkes file is the top-level spec; name it vm.camkes or pass the file");
    }
}
