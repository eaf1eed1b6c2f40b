using System.Text;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>
/// Expands macros in a token list with hide sets (Prosser's algorithm): a token produced by expanding
/// macro M is never expanded as M again. Arguments are fully expanded before substitution, except
/// next to <c>#</c> and <c>##</c>. Body tokens take the location of the invocation, so diagnostics
/// point at the user's text; argument tokens keep their own.
/// </summary>
internal sealed class MacroExpander(IReadOnlyDictionary<string, MacroDefinition> macros, DiagnosticBag diagnostics)
{
    public List<Token> Expand(IReadOnlyList<Token> input)
    {
        var output = new List<Token>(input.Count);
        var pending = new Stack<Token>(input.Count);
        for (var i = input.Count - 1; i >= 0; i--)
        {
            pending.Push(input[i]);
        }
        while (pending.Count > 0)
        {
            var token = pending.Pop();
            if (!TryExpand(token, pending))
            {
                output.Add(token);
            }
        }
        return output;
    }

    private bool TryExpand(Token name, Stack<Token> pending)
    {
        if (name.Kind != TokenKind.Identifier || name.Hidden?.Contains(name.Text) == true
            || !macros.TryGetValue(name.Text, out var macro))
        {
            return false;
        }
        List<List<Token>>? arguments = null;
        if (macro.IsFunctionLike)
        {
            if (pending.Count == 0 || pending.Peek().Kind != TokenKind.LeftParen)
            {
                return false;
            }
            arguments = CollectArguments(name, pending);
            if (arguments is null || !CheckArgumentCount(name, macro, arguments))
            {
                return true;
            }
        }
        var result = Substitute(macro, name, arguments);
        for (var i = result.Count - 1; i >= 0; i--)
        {
            pending.Push(result[i]);
        }
        return true;
    }

    /// <summary>Pops '(' … ')' off the pending stack, splitting top-level commas. Null when unterminated.</summary>
    private List<List<Token>>? CollectArguments(Token name, Stack<Token> pending)
    {
        var popped = new List<Token> { pending.Pop() };
        var arguments = new List<List<Token>> { new() };
        var depth = 0;
        while (pending.Count > 0)
        {
            var token = pending.Pop();
            popped.Add(token);
            if (token.Kind == TokenKind.RightParen && depth == 0)
            {
                return arguments;
            }
            if (token.Kind == TokenKind.Comma && depth == 0)
            {
                arguments.Add([]);
                continue;
            }
            depth += token.Kind == TokenKind.LeftParen ? 1 : token.Kind == TokenKind.RightParen ? -1 : 0;
            arguments[^1].Add(token);
        }
        diagnostics.ReportUnterminatedInvocation(name);
        return null;
    }

    private bool CheckArgumentCount(Token name, MacroDefinition macro, List<List<Token>> arguments)
    {
        var expected = macro.Parameters!.Count;
        if (expected == 0 && arguments is [{ Count: 0 }])
        {
            arguments.Clear();
        }
        if (macro.IsVariadic)
        {
            JoinVariadic(arguments, expected);
            if (arguments.Count == expected - 1)
            {
                arguments.Add([]);
            }
        }
        if (arguments.Count == expected)
        {
            return true;
        }
        diagnostics.ReportMacroArgumentCount(name, macro.IsVariadic ? expected - 1 : expected, arguments.Count, macro.IsVariadic);
        return false;
    }

    /// <summary>Folds the arguments from the variadic position on into one, commas included.</summary>
    private static void JoinVariadic(List<List<Token>> arguments, int expected)
    {
        while (arguments.Count > expected)
        {
            var last = arguments[^1];
            arguments.RemoveAt(arguments.Count - 1);
            var comma = new Token(TokenKind.Comma, ",", last.Count > 0 ? last[0].Location : SourceLocation.None);
            arguments[^1].Add(comma);
            arguments[^1].AddRange(last);
        }
    }

    private List<Token> Substitute(MacroDefinition macro, Token name, List<List<Token>>? arguments)
    {
        var expansion = new MacroExpansion(macro.Name, macro.Location, name.Expansion);
        var expanded = new Dictionary<int, List<Token>>();
        var result = new List<Token>();
        var body = macro.Body;
        for (var i = 0; i < body.Count; i++)
        {
            var token = body[i];
            var parameter = arguments is null ? -1 : macro.ParameterIndex(token.Text);
            var pasteNext = i + 1 < body.Count && body[i + 1].Kind == TokenKind.HashHash;
            if (token.Kind == TokenKind.Hash && arguments is not null && i + 1 < body.Count)
            {
                var stringized = Stringize(arguments[macro.ParameterIndex(body[++i].Text)], name, token.LeadingSpace);
                result.Add(Relocate(stringized, name, expansion, macro.Name));
            }
            else if (token.Kind == TokenKind.HashHash && i + 1 < body.Count)
            {
                var right = body[++i];
                var rightIndex = arguments is null ? -1 : macro.ParameterIndex(right.Text);
                var operand = rightIndex >= 0 ? arguments![rightIndex] : [Relocate(right, name, expansion, macro.Name)];
                Paste(result, operand, name);
            }
            else if (parameter >= 0)
            {
                var value = pasteNext || LastWasPaste(body, i) ? arguments![parameter] : ExpandArgument(expanded, arguments!, parameter);
                result.AddRange(value.Select((t, k) => Hide(k == 0 ? t with { LeadingSpace = token.LeadingSpace } : t, macro.Name)));
            }
            else
            {
                result.Add(Relocate(token, name, expansion, macro.Name));
            }
        }
        if (result.Count > 0)
        {
            result[0] = result[0] with { LeadingSpace = name.LeadingSpace, AtLineStart = false };
        }
        return result;
    }

    private static bool LastWasPaste(IReadOnlyList<Token> body, int i) => i > 0 && body[i - 1].Kind == TokenKind.HashHash;

    private List<Token> ExpandArgument(Dictionary<int, List<Token>> cache, List<List<Token>> arguments, int index)
    {
        if (!cache.TryGetValue(index, out var value))
        {
            value = Expand(arguments[index]);
            cache[index] = value;
        }
        return value;
    }

    private static Token Hide(Token token, string macro) => token with { Hidden = HideSet.With(token.Hidden, macro) };

    private static Token Relocate(Token token, Token name, MacroExpansion expansion, string macro) =>
        token with { Location = name.Location, Expansion = expansion, Hidden = HideSet.With(name.Hidden, macro) };

    private static Token Stringize(List<Token> argument, Token name, bool leadingSpace)
    {
        var text = new StringBuilder("\"");
        for (var i = 0; i < argument.Count; i++)
        {
            if (i > 0 && argument[i].LeadingSpace)
            {
                text.Append(' ');
            }
            var spelling = argument[i].Text;
            text.Append(argument[i].Kind is TokenKind.String or TokenKind.CharLiteral
                ? spelling.Replace("\\", "\\\\").Replace("\"", "\\\"")
                : spelling);
        }
        return new Token(TokenKind.String, text.Append('"').ToString(), name.Location) { LeadingSpace = leadingSpace };
    }

    /// <summary>Glues the last result token to the first operand token; empty sides act as placemarkers.</summary>
    private void Paste(List<Token> result, List<Token> operand, Token name)
    {
        if (result.Count == 0 || operand.Count == 0)
        {
            result.AddRange(operand);
            return;
        }
        var left = result[^1];
        var right = operand[0];
        var glued = PpLexer.Lex(new SourceText("<paste>", left.Text + right.Text)).Tokens;
        if (glued.Count != 2)
        {
            diagnostics.ReportInvalidPaste(name, left.Text, right.Text);
            result.AddRange(operand);
            return;
        }
        result[^1] = left with { Kind = glued[0].Kind, Text = glued[0].Text };
        result.AddRange(operand.Skip(1));
    }
}
