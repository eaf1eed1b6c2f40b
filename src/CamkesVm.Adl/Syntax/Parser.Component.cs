using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private const string ComponentMembers =
        "a component member (provides, uses, emits, consumes, dataport, attribute, control, hardware, has, include, maybe, composition or configuration)";

    private ComponentSyntax ParseComponent()
    {
        var component = new ComponentSyntax(Next(), OptionalName());
        ParseBlock(() => ParseComponentMember(component));
        return component;
    }

    private void ParseComponentMember(ComponentSyntax component)
    {
        switch (Current.Kind)
        {
            case TokenKind.ControlKeyword:
                Next();
                component.Control = true;
                Expect(TokenKind.Semicolon);
                break;
            case TokenKind.HardwareKeyword:
                Next();
                component.Hardware = true;
                Expect(TokenKind.Semicolon);
                break;
            case TokenKind.AttributeKeyword:
                component.Attributes.Add(ParseAttributeDeclaration());
                break;
            case TokenKind.IncludeKeyword:
                component.Includes.Add(ParseInclude());
                break;
            case TokenKind.HasKeyword:
                component.Syncs.Add(ParseSync());
                break;
            case TokenKind.CompositionKeyword:
                component.Composition = ParseComposition();
                break;
            case TokenKind.ConfigurationKeyword:
                component.Configuration = ParseConfiguration();
                break;
            default:
                ParseInterfaceMember(component);
                break;
        }
    }

    private void ParseInterfaceMember(ComponentSyntax component)
    {
        var optional = Accept(TokenKind.MaybeKeyword);
        InterfaceKind? kind = Current.Kind switch
        {
            TokenKind.ProvidesKeyword when !optional => InterfaceKind.Provides,
            TokenKind.UsesKeyword => InterfaceKind.Uses,
            TokenKind.EmitsKeyword when !optional => InterfaceKind.Emits,
            TokenKind.ConsumesKeyword => InterfaceKind.Consumes,
            TokenKind.DataportKeyword => InterfaceKind.Dataport,
            _ => null,
        };
        if (kind is null)
        {
            ReportExpected(optional ? "'uses', 'consumes' or 'dataport' after 'maybe'" : ComponentMembers);
            return;
        }
        var keyword = Next();
        var (type, size) = kind == InterfaceKind.Dataport ? ParseDataportType() : (ParseReference(TypeWhat(kind.Value)), null);
        var name = ExpectName("an interface name");
        Expect(TokenKind.Semicolon);
        component.Interfaces.Add(new InterfaceSyntax(keyword, kind.Value, optional, type, size, name));
    }

    private static string TypeWhat(InterfaceKind kind) =>
        kind is InterfaceKind.Provides or InterfaceKind.Uses ? "a procedure name" : "an event type name";

    private (ReferenceSyntax Type, ValueSyntax? Size) ParseDataportType()
    {
        if (At(TokenKind.BufKeyword) && Peek(1).Kind == TokenKind.LeftParen)
        {
            var buf = Next();
            Next();
            var size = ParseExpression();
            Expect(TokenKind.RightParen);
            return (new ReferenceSyntax([buf]), size);
        }
        return (ParseReference("a dataport type (Buf, Buf(size) or a C type name)"), null);
    }

    private SyncSyntax ParseSync()
    {
        Next();
        SyncKind? kind = Current.Kind switch
        {
            TokenKind.MutexKeyword => SyncKind.Mutex,
            TokenKind.SemaphoreKeyword => SyncKind.Semaphore,
            TokenKind.BinarySemaphoreKeyword => SyncKind.BinarySemaphore,
            _ => null,
        };
        if (kind is null)
        {
            ReportExpected("'mutex', 'semaphore' or 'binary_semaphore'");
            return new SyncSyntax(SyncKind.Mutex, Fabricate(TokenKind.Identifier));
        }
        Next();
        var name = ExpectName("a name");
        Expect(TokenKind.Semicolon);
        return new SyncSyntax(kind.Value, name);
    }

    private AttributeSyntax ParseAttributeDeclaration()
    {
        Next();
        var attribute = ParseAttributeParameter(allowDefault: true);
        Expect(TokenKind.Semicolon);
        return attribute;
    }

    /// <summary><c>type name [ '[' ']' ] [ = item ]</c>.</summary>
    private AttributeSyntax ParseAttributeParameter(bool allowDefault)
    {
        var type = ParseType();
        var name = ExpectName("an attribute name");
        var isArray = ParseArraySuffix();
        var value = allowDefault && Accept(TokenKind.Equals) ? ParseItemValue() : null;
        return new AttributeSyntax(type, name, isArray, value);
    }

    private bool ParseArraySuffix()
    {
        if (!Accept(TokenKind.LeftBracket))
        {
            return false;
        }
        Expect(TokenKind.RightBracket);
        return true;
    }
}
