using System.Text.RegularExpressions;

namespace CamkesVm.Adl.Tests.Robustness;

/// <summary>
/// The token spans of a spec, found by a tokenizer of its own (so the test does not trust the compiler's
/// lexer): comments and whitespace are skipped; strings, numbers, names, '#' directives words and
/// punctuation are tokens.
/// </summary>
internal static partial class SpecTokens
{
    [GeneratedRegex(@"\G(?:(?<skip>\s+|//[^\n]*|/\*.*?\*/)|(?<token>""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])*'|0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?|[A-Za-z_]\w*|<-|##|.))", RegexOptions.Singleline)]
    private static partial Regex Lexeme();

    public static List<(int Start, int Length)> Find(string text)
    {
        var tokens = new List<(int, int)>();
        for (var position = 0; position < text.Length;)
        {
            var match = Lexeme().Match(text, position);
            if (match.Groups["token"].Success)
            {
                tokens.Add((match.Index, match.Length));
            }
            position += Math.Max(1, match.Length);
        }
        return tokens;
    }
}
