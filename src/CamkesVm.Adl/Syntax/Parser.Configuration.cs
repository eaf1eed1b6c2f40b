using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Syntax;

internal sealed partial class Parser
{
    private ConfigurationSyntax ParseConfiguration()
    {
        var keyword = Next();
        if (AtName && Peek(1).Kind == TokenKind.Semicolon)
        {
            var reference = ParseReference("a configuration name");
            Next();
            return new ConfigurationSyntax(keyword, null, reference);
        }
        var configuration = new ConfigurationSyntax(keyword, OptionalName(), null);
        ParseBlock(() => configuration.Settings.Add(ParseSetting()));
        return configuration;
    }

    private SettingSyntax ParseSetting()
    {
        var instance = ExpectName("a setting (instance.attribute = value;)");
        Expect(TokenKind.Dot);
        var attribute = ExpectName("an attribute name");
        ValueSyntax value;
        if (Accept(TokenKind.LeftArrow))
        {
            value = new AttributeReferenceSyntax(ParseReference("an attribute reference (instance.attribute)"), ParseKeys());
        }
        else
        {
            Expect(TokenKind.Equals, "'=' or '<-'");
            value = At(TokenKind.Identifier) && Peek(1).Kind == TokenKind.LeftParen ? ParseQuery() : ParseItemValue();
        }
        ExpectSettingEnd();
        return new SettingSyntax(instance, attribute, value);
    }

    /// <summary>
    /// A ';' ends a setting. When it is missing but the next setting clearly starts on a new line, this
    /// is only a warning (the seed tutorial has such a typo); anything else is an error.
    /// </summary>
    private void ExpectSettingEnd()
    {
        if (Accept(TokenKind.Semicolon))
        {
            return;
        }
        var previous = _tokens[Math.Max(0, _position - 1)];
        var startsNewSetting = At(TokenKind.Identifier) && Peek(1).Kind == TokenKind.Dot
            && Current.Location.Line > previous.Location.Line && !previous.IsMissing;
        if (startsNewSetting && CanReport())
        {
            _diagnostics.ReportMissingSettingSemicolon(Current);
            return;
        }
        Expect(TokenKind.Semicolon);
    }

    private QuerySyntax ParseQuery()
    {
        var name = Next();
        Next();
        var arguments = new List<ValueSyntax>();
        if (At(TokenKind.LeftBracket))
        {
            arguments.Add(ParseItemValue());
        }
        else if (At(TokenKind.LeftBrace))
        {
            arguments.Add(ParseDict());
        }
        Expect(TokenKind.RightParen);
        return new QuerySyntax(name, arguments, ParseKeys());
    }

    private List<ValueSyntax> ParseKeys()
    {
        var keys = new List<ValueSyntax>();
        while (Accept(TokenKind.LeftBracket))
        {
            keys.Add(ParseKey());
            Expect(TokenKind.RightBracket);
        }
        return keys;
    }
}
