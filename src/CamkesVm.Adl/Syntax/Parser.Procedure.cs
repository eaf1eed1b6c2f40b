using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private ProcedureSyntax ParseProcedure()
    {
        var keyword = Next();
        var name = OptionalName();
        var methods = new List<MethodSyntax>();
        var attributes = new List<AttributeSyntax>();
        var includes = new List<IncludeSyntax>();
        ParseBlock(() =>
        {
            if (At(TokenKind.IncludeKeyword))
            {
                includes.Add(ParseInclude());
                return;
            }
            var returnType = Accept(TokenKind.VoidKeyword) ? null : ParseType();
            var memberName = ExpectName("a method name");
            if (At(TokenKind.LeftParen))
            {
                methods.Add(ParseMethodRest(returnType, memberName));
                return;
            }
            // A procedure attribute: no 'attribute' keyword and no ';' (camkes-tool grammar, quirk Q3).
            var isArray = ParseArraySuffix();
            var value = Accept(TokenKind.Equals) ? ParseItemValue() : null;
            attributes.Add(new AttributeSyntax(returnType ?? new PrimitiveTypeSyntax(memberName, "void"), memberName, isArray, value));
        });
        return new ProcedureSyntax(keyword, name, methods, attributes, includes);
    }

    private MethodSyntax ParseMethodRest(TypeSyntax? returnType, Token name)
    {
        Next();
        List<ParameterSyntax> parameters;
        if (At(TokenKind.VoidKeyword) && Peek(1).Kind == TokenKind.RightParen)
        {
            Next();
            Next();
            parameters = [];
        }
        else
        {
            parameters = ParseDelimited(TokenKind.RightParen, ParseParameter);
        }
        Expect(TokenKind.Semicolon);
        return new MethodSyntax(returnType, name, parameters);
    }

    private ParameterSyntax ParseParameter()
    {
        var direction = Current.Kind switch
        {
            TokenKind.OutKeyword => ParameterDirection.Out,
            TokenKind.InoutKeyword => ParameterDirection.InOut,
            TokenKind.RefinKeyword => ParameterDirection.RefIn,
            _ => ParameterDirection.In,
        };
        if (Current.Kind is TokenKind.InKeyword or TokenKind.OutKeyword or TokenKind.InoutKeyword or TokenKind.RefinKeyword)
        {
            Next();
        }
        var type = ParseType();
        var name = ExpectName("a parameter name");
        return new ParameterSyntax(direction, type, name, ParseArraySuffix());
    }
}
