using System.Text.RegularExpressions;
using Iced.Intel;

namespace CamkesVm.X86.Tests.Coverage;

/// <summary>
/// Finds where the test sources (this project, outside <c>Coverage/</c>) mention a mnemonic: an Iced
/// assembler call (<c>a.add(</c>), an Iced <c>Code.Add_…</c> or <c>Mnemonic.Add</c>, a quoted name (<c>"Add"</c>)
/// or the upper-case mnemonic as a word in a test's text (<c>CPUID</c>).
/// </summary>
public static class TestMentions
{
    private static readonly Lazy<IReadOnlyList<(string File, string Text)>> Sources = new(Load);

    /// <summary>Condition-code suffixes (SDM Vol. 1, Table B-1) in Iced's spelling.</summary>
    private static readonly string[] Conditions = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];

    /// <summary>The test files that mention <paramref name="m"/>.</summary>
    public static IEnumerable<string> FilesMentioning(Mnemonic m)
    {
        string name = m.ToString(), lower = name.ToLowerInvariant();
        var upper = new Regex($@"\b{name.ToUpperInvariant()}\b");
        string? family = FamilyOf(name);
        foreach (var (file, text) in Sources.Value)
        {
            if (text.Contains($".{lower}(", StringComparison.Ordinal) || text.Contains($".@{lower}(", StringComparison.Ordinal)
                || text.Contains($"Code.{name}_", StringComparison.Ordinal) || text.Contains($"Mnemonic.{name}", StringComparison.Ordinal)
                || text.Contains($"\"{name}\"", StringComparison.Ordinal) || upper.IsMatch(text)
                || family != null && text.Contains(family, StringComparison.OrdinalIgnoreCase))
                yield return file;
        }
    }

    /// <summary>"Jcc", "SETcc", "CMOVcc" for a conditional mnemonic: tests that walk all 16 conditions name the family.</summary>
    private static string? FamilyOf(string name)
    {
        foreach (var prefix in new[] { "Cmov", "Set", "J" })
            if (name.StartsWith(prefix, StringComparison.Ordinal) && Conditions.Contains(name[prefix.Length..].ToLowerInvariant()))
                return prefix + "cc";
        return null;
    }

    /// <summary>The test project's directory, found from the build output by its project file.</summary>
    public static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CamkesVm.X86.Tests.csproj"))) return dir.FullName;
        throw new InvalidOperationException($"CamkesVm.X86.Tests.csproj not found above {AppContext.BaseDirectory}: run the tests from the source tree");
    }

    private static List<(string, string)> Load()
    {
        string root = ProjectDirectory();
        return [.. Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Coverage{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f)))];
    }
}
