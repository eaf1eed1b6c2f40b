using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Syntax.Nodes;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Semantics;

internal sealed partial class Binder
{
    private StructType BindStruct(string name, IReadOnlyList<AttributeSyntax> fields, SourceLocation location) =>
        new(name, [.. fields.Select(f => BindAttribute(f, resolveStructs: true))], location);

    /// <summary>Component attributes resolve bare type names as structs; connector attributes do not (camkes-tool quirk Q8).</summary>
    private AttributeDeclaration BindAttribute(AttributeSyntax attribute, bool resolveStructs)
    {
        StructType? structure = null;
        var typeName = attribute.Type switch
        {
            PrimitiveTypeSyntax primitive => primitive.Name,
            StructReferenceSyntax reference when resolveStructs => (structure = _symbols.Lookup<StructType>("Struct", reference.Name))?.Name ?? reference.Name.Text,
            StructReferenceSyntax reference => reference.Name.Text,
            AnonymousStructSyntax anonymous => (structure = BindStruct($"camkes_anon_struct_{_anonymousStructs++}", anonymous.Fields, anonymous.Start.Location)).Name,
            _ => "int",
        };
        var value = attribute.Default is null ? null : _values.Evaluate(attribute.Default);
        return new AttributeDeclaration(attribute.Name.Text, typeName, attribute.IsArray, value, attribute.Name.Location) { Struct = structure };
    }

    private void BindProcedure(ProcedureSyntax procedure)
    {
        Procedures.Add(procedure);
        foreach (var method in procedure.Methods)
        {
            var parameters = new Dictionary<string, Token>(StringComparer.Ordinal);
            foreach (var parameter in method.Parameters)
            {
                if (parameters.TryGetValue(parameter.Name.Text, out var previous))
                {
                    _diagnostics.ReportDuplicateDefinition(parameter.Name, "Parameter", previous.Location);
                }
                parameters.TryAdd(parameter.Name.Text, parameter.Name);
            }
        }
        foreach (var attribute in procedure.Attributes)
        {
            BindAttribute(attribute, resolveStructs: false);
        }
        if (procedure.Name is { } name)
        {
            var type = new ProcedureType(name.Text, [.. procedure.Methods.Select(m => m.Name.Text)], name.Location)
            {
                Signatures = [.. procedure.Methods.Select(BindSignature)],
            };
            _symbols.Define("Procedure", name, type);
            ProcedureTypes.Add(type);
        }
    }

    private static MethodDeclaration BindSignature(MethodSyntax method) => new(
        method.Name.Text,
        method.ReturnType is null ? null : TypeText(method.ReturnType),
        [.. method.Parameters.Select(p => new ParameterDeclaration(
            p.Direction switch { ParameterDirection.Out => "out", ParameterDirection.InOut => "inout", ParameterDirection.RefIn => "refin", _ => "in" },
            TypeText(p.Type), p.IsArray, p.Name.Text))]);

    private static string TypeText(TypeSyntax type) => type switch
    {
        PrimitiveTypeSyntax primitive => primitive.Name,
        StructReferenceSyntax reference => reference.Name.Text,
        _ => "struct",
    };

    private ConnectorType BindConnector(ConnectorSyntax connector) => new(
        connector.Name?.Text ?? "<anonymous>",
        BindConnectorSide(connector.From),
        BindConnectorSide(connector.To),
        [.. connector.Attributes.Select(a => BindAttribute(a, resolveStructs: false))],
        (connector.Name ?? connector.Keyword).Location);

    private ConnectorSide BindConnectorSide(ConnectorEndSyntax end)
    {
        var kind = end.TypeWord.Kind switch
        {
            TokenKind.EventTypeKeyword or TokenKind.EventsTypeKeyword => ConnectorEndKind.Event,
            TokenKind.DataportTypeKeyword or TokenKind.DataportsTypeKeyword => ConnectorEndKind.Dataport,
            _ => ConnectorEndKind.Procedure,
        };
        var multiple = end.TypeWord.Kind is TokenKind.EventsTypeKeyword or TokenKind.DataportsTypeKeyword or TokenKind.ProceduresTypeKeyword;
        long threads = 1;
        if (end.Threads is not null && _values.Evaluate(end.Threads) is { } value)
        {
            if (value is IntValue { Value: >= 0 } count)
            {
                threads = count.Value;
            }
            else
            {
                ReportLift(() => _diagnostics.ReportIllegalThreads(end.Threads.Start, value.ToString()!));
            }
        }
        return new ConnectorSide(kind, multiple, threads, end.Hardware);
    }

    private ComponentType BindComponent(ComponentSyntax syntax)
    {
        var type = new ComponentType(syntax.Name?.Text ?? "<anonymous>", (syntax.Name ?? syntax.Keyword).Location)
        {
            Control = syntax.Control,
            Hardware = syntax.Hardware,
        };
        type.Interfaces.AddRange(syntax.Interfaces.Select(BindInterface).OfType<InterfaceDeclaration>());
        type.Attributes.AddRange(syntax.Attributes.Select(a => BindAttribute(a, resolveStructs: true)));
        type.Synchronisation.AddRange(syntax.Syncs.Select(s => (s.Name.Text, SyncKindName(s.Kind), s.Name.Location)));
        type.Includes.AddRange(syntax.Includes.Select(i => i.Path));
        if (syntax.Composition is { } composition)
        {
            type.Composition = new BoundComposition();
            BindComposition(composition, type, type.Composition, new TopLevelScope());
        }
        if (syntax.Configuration is { } configuration)
        {
            BindConfiguration(configuration, type.Settings);
        }
        Components.Add(type);
        ComponentSyntaxes.Add((syntax, type));
        return type;
    }

    private static string SyncKindName(SyncKind kind) => kind switch
    {
        SyncKind.Mutex => "mutex",
        SyncKind.Semaphore => "semaphore",
        _ => "binary_semaphore",
    };

    private InterfaceDeclaration? BindInterface(InterfaceSyntax syntax)
    {
        var location = syntax.Name.Location;
        switch (syntax.Kind)
        {
            case InterfaceKind.Provides or InterfaceKind.Uses:
                var procedure = _symbols.Lookup<ProcedureType>("Procedure", syntax.Type);
                return procedure is null ? null : new InterfaceDeclaration(syntax.Name.Text, syntax.Kind, procedure.Name, syntax.Optional, location);
            case InterfaceKind.Dataport when syntax.BufferSize is not null:
                var size = _values.Evaluate(syntax.BufferSize);
                if (size is not IntValue { Value: > 0 } bytes)
                {
                    if (size is not null)
                    {
                        ReportLift(() => _diagnostics.ReportIllegalDataportSize(syntax.BufferSize.Start, size.ToString()!));
                    }
                    return null;
                }
                return new InterfaceDeclaration(syntax.Name.Text, syntax.Kind, $"Buf({bytes.Value})", syntax.Optional, location) { DataportSize = bytes.Value };
            default:
                var typeName = syntax.Type.Text;
                long? bufferSize = syntax.Kind == InterfaceKind.Dataport && typeName == "Buf" ? 4096 : null;
                return new InterfaceDeclaration(syntax.Name.Text, syntax.Kind, typeName, syntax.Optional, location) { DataportSize = bufferSize };
        }
    }
}
