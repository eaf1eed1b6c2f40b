namespace CamkesVm.Adl.Tests.Seed;

/// <summary>
/// The fenced code blocks of the seed tutorial (../shared/seed/camkes-x86-vm.md, read in place), with the
/// fence's indentation removed, so tests build the tutorial's specs from the seed's own text.
/// </summary>
internal static class SeedDocument
{
    private static readonly Lazy<List<string>> AllBlocks = new(() => Extract(File.ReadAllLines(Support.SharedPaths.Seed)));

    public static IReadOnlyList<string> Blocks => AllBlocks.Value;

    /// <summary>The one block that contains every one of <paramref name="markers"/>.</summary>
    public static string Single(params string[] markers)
    {
        var found = Blocks.Where(b => markers.All(m => b.Contains(m, StringComparison.Ordinal))).ToList();
        Assert.True(found.Count == 1, $"expected one seed block with {string.Join(" + ", markers)}, found {found.Count}");
        return found[0];
    }

    private static List<string> Extract(string[] lines)
    {
        var blocks = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].IndexOf("```", StringComparison.Ordinal);
            if (fence < 0 || lines[i][..fence].Trim().Length != 0)
            {
                continue;
            }
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i].Length >= fence && lines[i][..fence].Trim().Length == 0 ? lines[i][fence..] : lines[i].TrimStart());
            }
            blocks.Add(string.Join('\n', body) + "\n");
        }
        return blocks;
    }
}
