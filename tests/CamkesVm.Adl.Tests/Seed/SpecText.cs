namespace CamkesVm.Adl.Tests.Seed;

/// <summary>Text surgery the tutorial asks the reader to do: find a brace block, replace it, append to it.</summary>
internal static class SpecText
{
    /// <summary>The span of <c>header {</c> … its matching <c>}</c> (first occurrence at or after <paramref name="from"/>).</summary>
    public static (int Start, int End) Block(string text, string header, int from = 0)
    {
        var start = text.IndexOf(header, from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{header}' not found");
        var depth = 0;
        for (var i = text.IndexOf('{', start); i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return (start, i + 1);
            }
        }
        throw new InvalidOperationException($"unbalanced block '{header}'");
    }

    public static string BlockText(string text, string header) => Slice(text, Block(text, header));

    public static string ReplaceBlock(string text, string header, string replacement)
    {
        var (start, end) = Block(text, header);
        return text[..start] + replacement.Trim() + text[end..];
    }

    /// <summary>Inserts <paramref name="addition"/> just before the closing brace of the block.</summary>
    public static string AppendToBlock(string text, string header, string addition)
    {
        var (_, end) = Block(text, header);
        return text[..(end - 1)] + addition + "\n" + text[(end - 1)..];
    }

    /// <summary>The statements between the block's braces, without the tutorial's "..." placeholder lines.</summary>
    public static string BodyWithoutEllipsis(string block)
    {
        var body = block[(block.IndexOf('{') + 1)..block.LastIndexOf('}')];
        return string.Join('\n', body.Split('\n').Where(line => line.Trim() != "..."));
    }

    /// <summary>Replaces the setting <c>name = [ … ];</c> by <paramref name="replacement"/>.</summary>
    public static string ReplaceListSetting(string text, string name, string replacement)
    {
        var start = text.IndexOf(name + " =", StringComparison.Ordinal);
        Assert.True(start >= 0, $"setting {name} not found");
        var end = text.IndexOf("];", start, StringComparison.Ordinal) + 2;
        return text[..start] + replacement.Trim() + text[end..];
    }

    /// <summary>The text from <c>name =</c> through its closing <c>];</c>.</summary>
    public static string ListSetting(string text, string name)
    {
        var start = text.IndexOf(name + " =", StringComparison.Ordinal);
        Assert.True(start >= 0, $"setting {name} not found");
        return text[start..(text.IndexOf("];", start, StringComparison.Ordinal) + 2)];
    }

    private static string Slice(string text, (int Start, int End) span) => text[span.Start..span.End];
}
