namespace CamkesVm.Adl.Syntax;

/// <summary>Kinds of tokens: preprocessor-level kinds, punctuators and the ADL keywords.</summary>
internal enum TokenKind
{
    EndOfFile,
    Identifier,
    Number,
    String,
    CharLiteral,
    Other,

    // Punctuators.
    LeftBrace, RightBrace, LeftParen, RightParen, LeftBracket, RightBracket,
    Semicolon, Comma, Dot, Colon, Question, Equals, Ellipsis,
    Less, Greater, LessEquals, GreaterEquals, EqualsEquals, BangEquals,
    LeftArrow, RightArrow, ShiftLeft, ShiftRight,
    Plus, Minus, Star, StarStar, Slash, Percent,
    Ampersand, AmpersandAmpersand, Pipe, PipePipe, Caret, Tilde, Bang,
    Hash, HashHash,

    // Keywords (camkes.g reserves all of these).
    AssemblyKeyword, AttributeKeyword, BufKeyword, CharKeyword, ComponentKeyword, CompositionKeyword,
    ConfigurationKeyword, ConnectionKeyword, ConnectorKeyword, ConsumesKeyword, ControlKeyword,
    DataportKeyword, DataportTypeKeyword, DataportsTypeKeyword, EmitsKeyword, EventTypeKeyword,
    EventsTypeKeyword, ExportKeyword, FalseKeyword, FromKeyword, GroupKeyword, HardwareKeyword,
    HasKeyword, ImportKeyword, InKeyword, IncludeKeyword, InoutKeyword, IntKeyword, IntegerKeyword,
    Int64Keyword, MaybeKeyword, MutexKeyword, OutKeyword, ProcedureKeyword, ProcedureTypeKeyword,
    ProceduresTypeKeyword, ProvidesKeyword, RefinKeyword, SemaphoreKeyword, ScheduleKeyword,
    BinarySemaphoreKeyword, SignedKeyword, StructKeyword, StringKeyword, TicksKeyword, ThreadKeyword,
    ThreadsKeyword, TrueKeyword, ToKeyword, Uint64Keyword, UnsignedKeyword, UsKeyword, UsesKeyword,
    VoidKeyword, WithKeyword,
}
