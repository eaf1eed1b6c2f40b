using System.Globalization;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>
/// Stage s0: the cpp subset the original relies on. Postcondition: a flat token list for one file with
/// includes inlined, macros expanded, conditionals applied and directives removed; every token keeps
/// its file, line and column (after <c>#line</c> markers). With preprocessing off, directives are
/// skipped (line markers still apply), as camkes-tool's lexer ignores lines starting with '#'.
/// </summary>
internal sealed partial class Preprocessor
{
    private const int MaxIncludeDepth = 200;

    private readonly SourceResolver _resolver;
    private readonly DiagnosticBag _diagnostics;
    private readonly bool _enabled;
    private readonly Dictionary<string, MacroDefinition> _macros = new(StringComparer.Ordinal);
    private readonly MacroExpander _expander;
    private readonly ConditionEvaluator _conditions;
    private readonly List<Token> _output = [];

    public Preprocessor(SourceResolver resolver, IEnumerable<KeyValuePair<string, string?>> defines, bool enabled, DiagnosticBag diagnostics)
    {
        _resolver = resolver;
        _diagnostics = diagnostics;
        _enabled = enabled;
        _expander = new MacroExpander(_macros, diagnostics);
        _conditions = new ConditionEvaluator(_macros, _expander, diagnostics);
        Predefine("CAMKES_TOOL_PROCESSING", "1");
        foreach (var (name, value) in defines)
        {
            Predefine(name, value ?? "1");
        }
    }

    /// <summary>Preprocesses one file; the result ends with an end-of-file token.</summary>
    public List<Token> Run(SourceText file)
    {
        _diagnostics.Stage = CompilerStage.Preprocess;
        ProcessFile(file, 0);
        var end = _output.Count > 0 ? _output[^1].Location : new SourceLocation(file.Path, 1, 1, file, 0);
        _output.Add(new Token(TokenKind.EndOfFile, "", EndLocation(file, end)));
        return _output;
    }

    private static SourceLocation EndLocation(SourceText file, SourceLocation last)
    {
        var offset = file.Text.Length;
        var line = file.LineIndexOf(offset) + 1;
        return last.Text == file ? new SourceLocation(last.File, line, file.ColumnOf(offset) + 1, file, offset) : last;
    }

    private void Predefine(string name, string value)
    {
        var source = new SourceText("<command line>", $"{name} {value}");
        var tokens = PpLexer.Lex(source).Tokens;
        tokens.RemoveAt(tokens.Count - 1);
        var definition = MacroDefinitionParser.Parse(tokens[0], tokens, _diagnostics);
        if (definition is not null)
        {
            _macros[name] = definition;
        }
    }

    private void ProcessFile(SourceText file, int depth)
    {
        var (tokens, errors) = PpLexer.Lex(file);
        foreach (var (where, message) in errors)
        {
            _diagnostics.ReportLexError(where, message);
        }
        var state = new FileState(file, tokens, depth);
        var pending = new List<Token>();
        while (state.Current.Kind != TokenKind.EndOfFile)
        {
            var token = state.Current;
            if (token.Kind == TokenKind.Hash && token.AtLineStart)
            {
                Flush(pending);
                HandleDirective(state, token, state.ReadDirectiveLine());
                continue;
            }
            state.Advance();
            if (state.Conditionals.IsActive)
            {
                pending.Add(state.Remap(token));
            }
        }
        Flush(pending);
        state.Conditionals.ReportUnterminated(_diagnostics);
    }

    private void Flush(List<Token> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }
        _output.AddRange(_enabled ? _expander.Expand(pending) : pending);
        pending.Clear();
    }

    private void HandleDirective(FileState state, Token hash, List<Token> line)
    {
        if (line.Count == 0)
        {
            return;
        }
        var name = line[0];
        var rest = line.GetRange(1, line.Count - 1);
        if (name.Kind == TokenKind.Number || name.Text == "line")
        {
            if (state.Conditionals.IsActive)
            {
                ApplyLineMarker(state, name, name.Kind == TokenKind.Number ? line : rest);
            }
            return;
        }
        if (!_enabled || TryConditional(state, name, rest) || !state.Conditionals.IsActive)
        {
            return;
        }
        HandleActiveDirective(state, hash, name, rest);
    }

    private void HandleActiveDirective(FileState state, Token hash, Token name, List<Token> rest)
    {
        switch (name.Text)
        {
            case "define":
                Define(hash, rest);
                break;
            case "undef":
                Undefine(name, rest);
                break;
            case "include":
                Include(state, name, rest);
                break;
            case "error":
                _diagnostics.ReportErrorDirective(name, Spell(rest));
                break;
            case "warning":
                _diagnostics.ReportWarningDirective(name, Spell(rest));
                break;
            case "pragma" or "ident":
                break;
            default:
                _diagnostics.ReportUnknownDirective(name);
                break;
        }
    }

    private void ApplyLineMarker(FileState state, Token where, List<Token> arguments)
    {
        if (arguments.Count == 0 || arguments[0].Kind != TokenKind.Number
            || !int.TryParse(arguments[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line <= 0)
        {
            _diagnostics.ReportLineDirective(where);
            return;
        }
        var file = arguments.Count > 1 && arguments[1].Kind == TokenKind.String ? arguments[1].Text[1..^1] : null;
        state.SetLine(where.Location.Line + 1, line, file);
    }

    private void Define(Token hash, List<Token> rest)
    {
        var macro = MacroDefinitionParser.Parse(hash, rest, _diagnostics);
        if (macro is null)
        {
            return;
        }
        if (_macros.TryGetValue(macro.Name, out var previous) && !previous.SameAs(macro) && previous.Location.IsKnown)
        {
            _diagnostics.ReportMacroRedefined(rest[0], previous.Location);
        }
        _macros[macro.Name] = macro;
    }

    private void Undefine(Token name, List<Token> rest)
    {
        if (rest.Count == 0 || rest[0].Kind != TokenKind.Identifier)
        {
            _diagnostics.ReportMissingMacroName(name, "undef");
            return;
        }
        _macros.Remove(rest[0].Text);
    }

    private static string Spell(List<Token> tokens) =>
        string.Concat(tokens.Select((t, i) => (i > 0 && t.LeadingSpace ? " " : "") + t.Text));
}
