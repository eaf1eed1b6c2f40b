using System.ComponentModel;
using System.Diagnostics;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// Builds a C component type into a shared library: writes <c>camkes.h</c> and the glue C file into
/// <c>&lt;cache&gt;/&lt;Type&gt;/</c> and runs the machine's gcc (<c>gcc -shared -fPIC -O2 -Wl,-Bsymbolic</c>). The library
/// is named after a hash of every input (generated files, the C files and the headers beside them, the flags), so an
/// unchanged component is not rebuilt and a changed one never reuses a stale library.
/// </summary>
public static class CGlueBuilder
{
    private static readonly string[] Flags = ["-shared", "-fPIC", "-O2", "-Wall", "-Werror=implicit-function-declaration", "-Wl,-Bsymbolic", "-Wl,--no-undefined"];

    /// <summary>The gcc to run (environment <c>CC</c>, else <c>gcc</c>).</summary>
    public static string Compiler => Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "gcc";

    /// <summary>Builds (or reuses) the library of <paramref name="layout"/> from <paramref name="cFiles"/>; returns its path.</summary>
    public static string Build(CGlueLayout layout, IReadOnlyList<string> cFiles, string cacheDirectory)
    {
        if (cFiles.Count == 0)
        {
            throw new AppCodeException($"component type {layout.TypeName}: no C files to build");
        }
        var directory = Path.Combine(cacheDirectory, layout.TypeName);
        var include = Path.Combine(directory, "include");
        Directory.CreateDirectory(include);
        var header = CamkesHeaderWriter.Write(layout);
        var glue = GlueSourceWriter.Write(layout);
        var library = Path.Combine(directory, $"{layout.TypeName}-{Hash(header, glue, cFiles)}.so");
        if (File.Exists(library))
        {
            return library;
        }
        WriteIfChanged(Path.Combine(include, "camkes.h"), header);
        var gluePath = Path.Combine(directory, "camkes_glue.c");
        WriteIfChanged(gluePath, glue);
        var partial = $"{library}.{Guid.NewGuid():N}.tmp";
        var arguments = new List<string>(Flags) { "-I", include };
        arguments.AddRange(cFiles.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct().SelectMany(d => new[] { "-I", d }));
        arguments.AddRange(["-o", partial, gluePath]);
        arguments.AddRange(cFiles.Select(Path.GetFullPath));
        RunCompiler(layout.TypeName, arguments);
        File.Move(partial, library, overwrite: true);
        return library;
    }

    private static void RunCompiler(string typeName, List<string> arguments)
    {
        var start = new ProcessStartInfo(Compiler) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new AppCodeException($"component type {typeName}: cannot run the C compiler '{Compiler}' ({e.Message}); install gcc (apt-get install gcc) or set CC");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new AppCodeException($"C code of component type {typeName} does not compile ({Compiler} {string.Join(' ', arguments)}):" +
                    Environment.NewLine + stdout + stderr.Result);
            }
        }
    }

    private static string Hash(string header, string glue, IReadOnlyList<string> cFiles)
    {
        using var hash = new ContentHash();
        hash.Add(header).Add(glue).Add(Compiler + string.Join(' ', Flags));
        var headers = cFiles.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct()
            .SelectMany(d => Directory.EnumerateFiles(d, "*.h")).Order(StringComparer.Ordinal);
        foreach (var file in cFiles.Select(Path.GetFullPath).Concat(headers))
        {
            hash.AddFile(file);
        }
        return hash.Finish(16);
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            File.WriteAllText(path, text);
        }
    }
}
