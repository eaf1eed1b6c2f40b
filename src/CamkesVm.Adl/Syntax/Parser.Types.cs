using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private const string TypeDescription = "a type (int, unsigned, char, string, int64_t, uint64_t, struct name, { fields } or a type name)";

    private TypeSyntax ParseType()
    {
        var start = Current;
        switch (start.Kind)
        {
            case TokenKind.IntKeyword or TokenKind.IntegerKeyword:
                Next();
                return new PrimitiveTypeSyntax(start, "int");
            case TokenKind.SignedKeyword:
                Next();
                return new PrimitiveTypeSyntax(start, SignedSuffix("int", "signed char"));
            case TokenKind.UnsignedKeyword:
                Next();
                return new PrimitiveTypeSyntax(start, SignedSuffix("unsigned int", "unsigned char"));
            case TokenKind.CharKeyword or TokenKind.StringKeyword or TokenKind.Int64Keyword or TokenKind.Uint64Keyword:
                Next();
                return new PrimitiveTypeSyntax(start, start.Text);
            case TokenKind.StructKeyword:
                Next();
                return new StructReferenceSyntax(ParseReference("a struct name"), true);
            case TokenKind.LeftBrace:
                return ParseAnonymousStruct();
            case TokenKind.Identifier or TokenKind.BufKeyword:
                return new StructReferenceSyntax(ParseReference(TypeDescription), false);
            default:
                ReportExpected(TypeDescription);
                return new PrimitiveTypeSyntax(Fabricate(TokenKind.IntKeyword), "int");
        }
    }

    /// <summary>After <c>signed</c>/<c>unsigned</c>: an optional <c>int</c>/<c>integer</c>/<c>char</c>.</summary>
    private string SignedSuffix(string integer, string character)
    {
        if (Accept(TokenKind.IntKeyword) || Accept(TokenKind.IntegerKeyword))
        {
            return integer;
        }
        return Accept(TokenKind.CharKeyword) ? character : integer;
    }

    private AnonymousStructSyntax ParseAnonymousStruct()
    {
        var start = Current;
        var fields = new List<AttributeSyntax>();
        ParseBlock(() =>
        {
            fields.Add(ParseAttributeParameter(allowDefault: true));
            Expect(TokenKind.Semicolon);
        });
        return new AnonymousStructSyntax(start, fields);
    }
}
