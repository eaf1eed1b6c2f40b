using System.Collections.Frozen;

namespace CamkesVm.Adl.Syntax;

/// <summary>Keyword and punctuator tables and operator precedence of the ADL.</summary>
internal static class SyntaxFacts
{
    private static readonly FrozenDictionary<string, TokenKind> KeywordTable = new Dictionary<string, TokenKind>
    {
        ["assembly"] = TokenKind.AssemblyKeyword, ["attribute"] = TokenKind.AttributeKeyword,
        ["Buf"] = TokenKind.BufKeyword, ["char"] = TokenKind.CharKeyword,
        ["component"] = TokenKind.ComponentKeyword, ["composition"] = TokenKind.CompositionKeyword,
        ["configuration"] = TokenKind.ConfigurationKeyword, ["connection"] = TokenKind.ConnectionKeyword,
        ["connector"] = TokenKind.ConnectorKeyword, ["consumes"] = TokenKind.ConsumesKeyword,
        ["control"] = TokenKind.ControlKeyword, ["dataport"] = TokenKind.DataportKeyword,
        ["Dataport"] = TokenKind.DataportTypeKeyword, ["Dataports"] = TokenKind.DataportsTypeKeyword,
        ["emits"] = TokenKind.EmitsKeyword, ["Event"] = TokenKind.EventTypeKeyword,
        ["Events"] = TokenKind.EventsTypeKeyword, ["export"] = TokenKind.ExportKeyword,
        ["False"] = TokenKind.FalseKeyword, ["false"] = TokenKind.FalseKeyword,
        ["from"] = TokenKind.FromKeyword, ["group"] = TokenKind.GroupKeyword,
        ["hardware"] = TokenKind.HardwareKeyword, ["has"] = TokenKind.HasKeyword,
        ["import"] = TokenKind.ImportKeyword, ["in"] = TokenKind.InKeyword,
        ["include"] = TokenKind.IncludeKeyword, ["inout"] = TokenKind.InoutKeyword,
        ["int"] = TokenKind.IntKeyword, ["integer"] = TokenKind.IntegerKeyword,
        ["int64_t"] = TokenKind.Int64Keyword, ["maybe"] = TokenKind.MaybeKeyword,
        ["mutex"] = TokenKind.MutexKeyword, ["out"] = TokenKind.OutKeyword,
        ["procedure"] = TokenKind.ProcedureKeyword, ["Procedure"] = TokenKind.ProcedureTypeKeyword,
        ["Procedures"] = TokenKind.ProceduresTypeKeyword, ["provides"] = TokenKind.ProvidesKeyword,
        ["refin"] = TokenKind.RefinKeyword, ["semaphore"] = TokenKind.SemaphoreKeyword,
        ["schedule"] = TokenKind.ScheduleKeyword, ["binary_semaphore"] = TokenKind.BinarySemaphoreKeyword,
        ["signed"] = TokenKind.SignedKeyword, ["struct"] = TokenKind.StructKeyword,
        ["string"] = TokenKind.StringKeyword, ["ticks"] = TokenKind.TicksKeyword,
        ["thread"] = TokenKind.ThreadKeyword, ["threads"] = TokenKind.ThreadsKeyword,
        ["True"] = TokenKind.TrueKeyword, ["true"] = TokenKind.TrueKeyword,
        ["to"] = TokenKind.ToKeyword, ["uint64_t"] = TokenKind.Uint64Keyword,
        ["unsigned"] = TokenKind.UnsignedKeyword, ["us"] = TokenKind.UsKeyword,
        ["uses"] = TokenKind.UsesKeyword, ["void"] = TokenKind.VoidKeyword, ["with"] = TokenKind.WithKeyword,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Punctuators, longest first so the lexer can match greedily.</summary>
    public static readonly (string Text, TokenKind Kind)[] Punctuators =
    [
        ("...", TokenKind.Ellipsis), ("<-", TokenKind.LeftArrow), ("->", TokenKind.RightArrow),
        ("<<", TokenKind.ShiftLeft), (">>", TokenKind.ShiftRight), ("<=", TokenKind.LessEquals),
        (">=", TokenKind.GreaterEquals), ("==", TokenKind.EqualsEquals), ("!=", TokenKind.BangEquals),
        ("&&", TokenKind.AmpersandAmpersand), ("||", TokenKind.PipePipe), ("**", TokenKind.StarStar),
        ("##", TokenKind.HashHash),
        ("{", TokenKind.LeftBrace), ("}", TokenKind.RightBrace), ("(", TokenKind.LeftParen),
        (")", TokenKind.RightParen), ("[", TokenKind.LeftBracket), ("]", TokenKind.RightBracket),
        (";", TokenKind.Semicolon), (",", TokenKind.Comma), (".", TokenKind.Dot), (":", TokenKind.Colon),
        ("?", TokenKind.Question), ("=", TokenKind.Equals), ("<", TokenKind.Less), (">", TokenKind.Greater),
        ("+", TokenKind.Plus), ("-", TokenKind.Minus), ("*", TokenKind.Star), ("/", TokenKind.Slash),
        ("%", TokenKind.Percent), ("&", TokenKind.Ampersand), ("|", TokenKind.Pipe), ("^", TokenKind.Caret),
        ("~", TokenKind.Tilde), ("!", TokenKind.Bang), ("#", TokenKind.Hash),
    ];

    /// <summary>The keyword kind of an identifier, or <see cref="TokenKind.Identifier"/>.</summary>
    public static TokenKind KeywordKind(string text) =>
        KeywordTable.TryGetValue(text, out var kind) ? kind : TokenKind.Identifier;

    /// <summary>True for reserved words.</summary>
    public static bool IsKeyword(TokenKind kind) => kind >= TokenKind.AssemblyKeyword;

    /// <summary>Binary operator precedence (higher binds tighter); 0 when not a binary operator.</summary>
    public static int BinaryPrecedence(TokenKind kind) => kind switch
    {
        TokenKind.StarStar => 11,
        TokenKind.Star or TokenKind.Slash or TokenKind.Percent => 10,
        TokenKind.Plus or TokenKind.Minus => 9,
        TokenKind.ShiftLeft or TokenKind.ShiftRight => 8,
        TokenKind.Less or TokenKind.LessEquals or TokenKind.Greater or TokenKind.GreaterEquals => 7,
        TokenKind.EqualsEquals or TokenKind.BangEquals => 6,
        TokenKind.Ampersand => 5,
        TokenKind.Caret => 4,
        TokenKind.Pipe => 3,
        TokenKind.AmpersandAmpersand => 2,
        TokenKind.PipePipe => 1,
        _ => 0,
    };

    /// <summary>True for prefix operators.</summary>
    public static bool IsUnaryOperator(TokenKind kind) =>
        kind is TokenKind.Minus or TokenKind.Plus or TokenKind.Bang or TokenKind.Tilde;

    /// <summary>A readable description of a token kind for "expected ..." messages.</summary>
    public static string Describe(TokenKind kind)
    {
        if (IsKeyword(kind))
        {
            return $"'{KeywordTable.First(pair => pair.Value == kind).Key}'";
        }
        foreach (var (text, punct) in Punctuators)
        {
            if (punct == kind)
            {
                return $"'{text}'";
            }
        }
        return kind switch
        {
            TokenKind.EndOfFile => "end of input",
            TokenKind.Identifier => "an identifier",
            TokenKind.Number => "a number",
            TokenKind.String => "a string",
            _ => kind.ToString(),
        };
    }
}
