using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax.Nodes;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Stages s3 and s4: lifts declarations into model types, evaluating constants (s3), and resolves every
/// reference through the symbol table (s4). Postcondition: every component, procedure, connector and
/// struct is bound, every assembly is merged into one <see cref="BoundAssembly"/> (s6 merges in order),
/// and each instance knows its group (s5 address spaces).
/// </summary>
internal sealed partial class Binder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly SymbolTable _symbols;
    private readonly ValueEvaluator _values;
    private readonly TopLevelScope _topLevel = new();
    private int _anonymousStructs;
    private int _anonymousGroups;

    public Binder(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        _symbols = new SymbolTable(diagnostics);
        _values = new ValueEvaluator(diagnostics);
    }

    public BoundAssembly Assembly { get; } = new();

    public List<ComponentType> Components { get; } = [];

    public List<ProcedureSyntax> Procedures { get; } = [];

    /// <summary>The named procedures, bound.</summary>
    public List<ProcedureType> ProcedureTypes { get; } = [];

    public List<(ComponentSyntax Syntax, ComponentType Type)> ComponentSyntaxes { get; } = [];

    public void Bind(IReadOnlyList<ItemSyntax> items)
    {
        _diagnostics.Stage = CompilerStage.Resolve;
        foreach (var item in items)
        {
            BindItem(item);
        }
    }

    private void BindItem(ItemSyntax item)
    {
        switch (item)
        {
            case StructSyntax structure:
                _symbols.Define("Struct", structure.Name, BindStruct(structure.Name.Text, structure.Fields, structure.Name.Location));
                break;
            case ProcedureSyntax procedure:
                BindProcedure(procedure);
                break;
            case ConnectorSyntax connector:
                var type = BindConnector(connector);
                if (connector.Name is { } connectorName)
                {
                    _symbols.Define("Connector", connectorName, type);
                }
                break;
            case ComponentSyntax component:
                var componentType = BindComponent(component);
                if (component.Name is { } componentName)
                {
                    _symbols.Define("Component", componentName, componentType);
                }
                break;
            case CompositionSyntax { Name: { } compositionName } composition:
                _symbols.Define("Composition", compositionName, composition);
                break;
            case ConfigurationSyntax configuration:
                if (configuration.Name is { } configurationName)
                {
                    _symbols.Define("Configuration", configurationName, configuration);
                }
                BindConfiguration(configuration, []);
                break;
            case AssemblySyntax assembly:
                BindAssembly(assembly);
                break;
        }
    }

    private void BindAssembly(AssemblySyntax assembly)
    {
        if (assembly.Name is { } name)
        {
            _symbols.Define("Assembly", name, assembly);
        }
        if (!Assembly.Found)
        {
            Assembly.Location = assembly.Keyword.Location;
        }
        Assembly.Found = true;
        foreach (var composition in assembly.Compositions)
        {
            BindComposition(composition, null, Assembly.Composition, _topLevel);
        }
        foreach (var configuration in assembly.Configurations)
        {
            BindConfiguration(configuration, Assembly.Settings);
        }
        foreach (var item in assembly.Schedule)
        {
            var domain = _values.Evaluate(item.Domain) as IntValue;
            var duration = _values.Evaluate(item.Duration) as IntValue;
            Assembly.Schedule.Add(new ScheduleEntry(domain?.Value ?? 0, duration?.Value ?? 0, item.Unit));
        }
    }

    private void BindConfiguration(ConfigurationSyntax configuration, List<BoundSetting> settings)
    {
        if (configuration.Reference is not null)
        {
            ReportLift(() => _diagnostics.ReportCompositionReference(configuration.Keyword, "configuration"));
            return;
        }
        foreach (var setting in configuration.Settings)
        {
            var reference = setting.Value as AttributeReferenceSyntax;
            var keys = reference?.Keys.Select(k => _values.Evaluate(k) ?? new IntValue(0)).ToList() ?? [];
            var value = reference is null ? _values.Evaluate(setting.Value) : null;
            if (reference is null && value is null)
            {
                continue;
            }
            settings.Add(new BoundSetting(setting.Instance.Text, setting.Attribute.Text, value, reference, keys,
                setting.Instance.Location, setting.Attribute.Location));
        }
    }

    private void ReportLift(Action report)
    {
        _diagnostics.Stage = CompilerStage.Lift;
        report();
        _diagnostics.Stage = CompilerStage.Resolve;
    }
}
