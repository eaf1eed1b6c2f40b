using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private CompositionSyntax ParseComposition()
    {
        var keyword = Next();
        if (AtName && Peek(1).Kind == TokenKind.Semicolon)
        {
            var reference = ParseReference("a composition name");
            Next();
            return new CompositionSyntax(keyword, null, reference);
        }
        var composition = new CompositionSyntax(keyword, OptionalName(), null);
        ParseBlock(() => ParseCompositionMember(composition));
        return composition;
    }

    private void ParseCompositionMember(CompositionSyntax composition)
    {
        switch (Current.Kind)
        {
            case TokenKind.ComponentKeyword:
                composition.Instances.Add(ParseInstance());
                break;
            case TokenKind.ConnectionKeyword:
                composition.Connections.Add(ParseConnection());
                break;
            case TokenKind.GroupKeyword:
                composition.Groups.Add(ParseGroup());
                break;
            case TokenKind.ExportKeyword:
                composition.Exports.Add(ParseExport());
                break;
            default:
                ReportExpected("a composition member (component, connection, group or export)");
                break;
        }
    }

    private InstanceSyntax ParseInstance()
    {
        var keyword = Next();
        ReferenceSyntax? type = null;
        ComponentSyntax? inline = null;
        if (At(TokenKind.LeftBrace))
        {
            inline = new ComponentSyntax(keyword, null);
            ParseBlock(() => ParseComponentMember(inline));
        }
        else
        {
            type = ParseReference("a component type name");
        }
        var name = ExpectName("an instance name");
        Expect(TokenKind.Semicolon);
        return new InstanceSyntax(keyword, type, inline, name);
    }

    private ConnectionSyntax ParseConnection()
    {
        var keyword = Next();
        ReferenceSyntax? connector = null;
        ConnectorSyntax? inline = null;
        if (At(TokenKind.LeftBrace))
        {
            _position--;
            inline = ParseConnector();
        }
        else
        {
            connector = ParseReference("a connector name");
        }
        var name = ExpectName("a connection name");
        Expect(TokenKind.LeftParen);
        var ends = ParseDelimited(TokenKind.RightParen, ParseConnectionEnd);
        Expect(TokenKind.Semicolon);
        return new ConnectionSyntax(keyword, connector, inline, name, ends);
    }

    private ConnectionEndSyntax ParseConnectionEnd()
    {
        var isFrom = At(TokenKind.FromKeyword);
        if (!Accept(TokenKind.FromKeyword) && !Accept(TokenKind.ToKeyword))
        {
            ReportExpected("'from' or 'to'");
        }
        return new ConnectionEndSyntax(isFrom, ParseReference("an interface reference (instance.interface)"));
    }

    private GroupSyntax ParseGroup()
    {
        var keyword = Next();
        var name = OptionalName();
        var instances = new List<InstanceSyntax>();
        ParseBlock(() =>
        {
            if (At(TokenKind.ComponentKeyword))
            {
                instances.Add(ParseInstance());
            }
            else
            {
                ReportExpected("a component instance in the group");
            }
        });
        return new GroupSyntax(keyword, name, instances);
    }

    private ExportSyntax ParseExport()
    {
        var keyword = Next();
        var inner = ParseReference("an inner interface (instance.interface)");
        Expect(TokenKind.RightArrow);
        var outer = ParseReference("the exported interface name");
        Expect(TokenKind.Semicolon);
        return new ExportSyntax(keyword, inner, outer);
    }
}
