using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private const string ItemStarters =
        "a declaration (import, component, procedure, connector, struct, composition, configuration or assembly)";

    private ItemSyntax? ParseItem()
    {
        switch (Current.Kind)
        {
            case TokenKind.Semicolon:
                Next();
                return null;
            case TokenKind.ImportKeyword:
                return ParseImport();
            case TokenKind.ComponentKeyword:
                return ParseComponent();
            case TokenKind.ProcedureKeyword:
                return ParseProcedure();
            case TokenKind.ConnectorKeyword:
                return ParseConnector();
            case TokenKind.StructKeyword:
                return ParseStruct();
            case TokenKind.CompositionKeyword:
                return ParseComposition();
            case TokenKind.ConfigurationKeyword:
                return ParseConfiguration();
            case TokenKind.AssemblyKeyword:
                return ParseAssembly();
            default:
                ReportExpected(ItemStarters);
                return null;
        }
    }

    private ImportSyntax ParseImport()
    {
        var keyword = Next();
        var (path, angle) = ParsePath("a file to import (\"file.camkes\" or <file.camkes>)");
        Expect(TokenKind.Semicolon);
        return new ImportSyntax(keyword, path, angle);
    }

    private Token? OptionalName() => AtName ? Next() : null;

    private StructSyntax ParseStruct()
    {
        var keyword = Next();
        var name = ExpectName("a struct name");
        var fields = new List<AttributeSyntax>();
        ParseBlock(() =>
        {
            fields.Add(ParseAttributeParameter(allowDefault: true));
            Expect(TokenKind.Semicolon);
        });
        return new StructSyntax(keyword, name, fields);
    }

    private ConnectorSyntax ParseConnector()
    {
        var keyword = Next();
        var name = OptionalName();
        ConnectorEndSyntax? from = null, to = null;
        var attributes = new List<AttributeSyntax>();
        ParseBlock(() =>
        {
            switch (Current.Kind)
            {
                case TokenKind.FromKeyword when from is null:
                    from = ParseConnectorEnd();
                    break;
                case TokenKind.ToKeyword when from is not null && to is null:
                    to = ParseConnectorEnd();
                    break;
                case TokenKind.AttributeKeyword when to is not null:
                    attributes.Add(ParseAttributeDeclaration());
                    break;
                default:
                    ReportExpected(from is null ? "'from'" : to is null ? "'to'" : "'attribute' or '}'");
                    break;
            }
        });
        if (to is null && CanReport())
        {
            ReportExpected(from is null ? "'from' and 'to' ends in the connector" : "a 'to' end in the connector");
        }
        var missing = new ConnectorEndSyntax(Fabricate(TokenKind.ProcedureTypeKeyword), false, null);
        return new ConnectorSyntax(keyword, name, from ?? missing, to ?? missing, attributes);
    }

    private ConnectorEndSyntax ParseConnectorEnd()
    {
        Next();
        var hardware = Accept(TokenKind.HardwareKeyword);
        var type = Current.Kind is TokenKind.EventTypeKeyword or TokenKind.EventsTypeKeyword
            or TokenKind.ProcedureTypeKeyword or TokenKind.ProceduresTypeKeyword
            or TokenKind.DataportTypeKeyword or TokenKind.DataportsTypeKeyword
            ? Next()
            : Expect(TokenKind.ProcedureTypeKeyword, "a connector end type (Event, Events, Procedure, Procedures, Dataport or Dataports)");
        ValueSyntax? threads = null;
        if (Accept(TokenKind.WithKeyword))
        {
            threads = ParseExpression();
            if (!Accept(TokenKind.ThreadsKeyword) && !Accept(TokenKind.ThreadKeyword))
            {
                ReportExpected("'threads' or 'thread'");
            }
        }
        Expect(TokenKind.Semicolon);
        return new ConnectorEndSyntax(type, hardware, threads);
    }

    private AssemblySyntax ParseAssembly()
    {
        var assembly = new AssemblySyntax(Next(), OptionalName());
        ParseBlock(() =>
        {
            switch (Current.Kind)
            {
                case TokenKind.CompositionKeyword:
                    assembly.Compositions.Add(ParseComposition());
                    break;
                case TokenKind.ConfigurationKeyword:
                    assembly.Configurations.Add(ParseConfiguration());
                    break;
                case TokenKind.ScheduleKeyword:
                    assembly.Schedule.AddRange(ParseSchedule());
                    break;
                default:
                    ReportExpected("'composition', 'configuration' or 'schedule'");
                    break;
            }
        });
        return assembly;
    }

    private List<ScheduleItemSyntax> ParseSchedule()
    {
        var keyword = Next();
        var items = new List<ScheduleItemSyntax>();
        Expect(TokenKind.LeftBrace);
        Expect(TokenKind.LeftBracket);
        items.AddRange(ParseDelimited(TokenKind.RightBracket, ParseScheduleItem));
        Expect(TokenKind.RightBrace);
        if (items.Count < 2 && CanReport())
        {
            _diagnostics.ReportScheduleTooShort(keyword);
            NoteError();
        }
        return items;
    }

    private ScheduleItemSyntax ParseScheduleItem()
    {
        Expect(TokenKind.LeftParen);
        var domain = ParseExpression();
        Expect(TokenKind.Comma);
        var duration = ParseExpression();
        var unit = Accept(TokenKind.TicksKeyword) ? "ticks" : Accept(TokenKind.UsKeyword) ? "us" : "";
        Expect(TokenKind.RightParen);
        return new ScheduleItemSyntax(domain, duration, unit);
    }
}
