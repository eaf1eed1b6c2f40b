using System.Text.RegularExpressions;

namespace CamkesVm.Cli.Apps;

/// <summary>
/// Reads the seed's <c>&lt;Type&gt;_CFILES += …</c> assignments from an app Makefile (with <c>\</c> continuations):
/// <c>$(SOURCE_DIR)/x.c</c> is <c>x.c</c> in the app folder, <c>$(wildcard …)</c> expands a <c>*</c> pattern; other
/// make syntax is ignored.
/// </summary>
internal static partial class MakefileCFiles
{
    public static IEnumerable<(string Type, List<string> Files)> Read(string makefile, string appRoot)
    {
        if (!File.Exists(makefile))
        {
            yield break;
        }
        var text = File.ReadAllText(makefile).Replace("\\\r\n", " ").Replace("\\\n", " ");
        foreach (var line in text.Split('\n'))
        {
            var match = Assignment().Match(line);
            if (match.Success)
            {
                var items = match.Groups["items"].Value.Replace("$(SOURCE_DIR)", appRoot).Replace("${SOURCE_DIR}", appRoot);
                yield return (match.Groups["type"].Value, [.. Items(items).SelectMany(i => Expand(i.Text, i.Wildcard, appRoot))]);
            }
        }
    }

    private static IEnumerable<(string Text, bool Wildcard)> Items(string text)
    {
        foreach (Match m in Item().Matches(text))
        {
            yield return m.Groups["wild"].Success ? (m.Groups["wild"].Value, true) : (m.Value, false);
        }
    }

    /// <summary>A plain name is kept even if missing (the loader reports it); a wildcard yields only existing files.</summary>
    private static IEnumerable<string> Expand(string item, bool wildcard, string appRoot)
    {
        foreach (var pattern in item.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.GetFullPath(pattern, appRoot);
            var dir = Path.GetDirectoryName(full)!;
            var name = Path.GetFileName(full);
            if (!wildcard)
            {
                yield return full;
            }
            else if (Directory.Exists(dir))
            {
                foreach (var f in Directory.EnumerateFiles(dir, name).Order(StringComparer.Ordinal))
                {
                    yield return f;
                }
            }
        }
    }

    [GeneratedRegex(@"^\s*(?<type>[A-Za-z_][A-Za-z0-9_]*)_CFILES\s*[+:]?=(?<items>.*)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\$\(wildcard(?<wild>[^)]*)\)|\S+")]
    private static partial Regex Item();
}
