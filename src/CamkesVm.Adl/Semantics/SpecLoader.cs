using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Preprocessing;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Syntax.Nodes;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Stages s0–s2 for a whole spec: preprocesses and parses each file, and inlines <c>import</c>ed files'
/// items in place, depth first. Postcondition: one ordered item list with no imports; a file already
/// read is not read again (self-imports and cycles are harmless, as in camkes-tool).
/// </summary>
internal sealed class SpecLoader(SourceResolver resolver, CompileOptions options, DiagnosticBag diagnostics)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public List<string> FilesRead { get; } = [];

    public List<ItemSyntax> Load(SourceText main)
    {
        var items = new List<ItemSyntax>();
        MarkRead(main.Path);
        Inline(ParseFile(main), items);
        return items;
    }

    private void MarkRead(string path)
    {
        _read.Add(Normalise(path));
        FilesRead.Add(path);
    }

    private static string Normalise(string path) => BuiltinLibrary.IsBuiltinPath(path) || path.StartsWith('<') ? path : Path.GetFullPath(path);

    private List<ItemSyntax> ParseFile(SourceText source)
    {
        var tokens = new Preprocessor(resolver, options.Defines, options.Preprocess, diagnostics).Run(source);
        return new Parser(tokens, diagnostics).ParseFile();
    }

    private void Inline(List<ItemSyntax> items, List<ItemSyntax> output)
    {
        foreach (var item in items)
        {
            if (item is not ImportSyntax import)
            {
                output.Add(item);
                continue;
            }
            diagnostics.Stage = CompilerStage.Import;
            var source = resolver.Resolve(import.Path, import.Angle, import.Keyword.Location.Text?.Path ?? import.File);
            if (source is null)
            {
                diagnostics.ReportImportNotFound(import.Keyword, import.Path, import.Angle, resolver.SearchDirectories);
                continue;
            }
            if (!_read.Contains(Normalise(source.Path)))
            {
                MarkRead(source.Path);
                Inline(ParseFile(source), output);
            }
        }
    }
}
