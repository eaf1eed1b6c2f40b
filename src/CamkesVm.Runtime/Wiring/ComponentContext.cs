using CamkesVm.Adl.Model;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Connectors;
using CamkesVm.Runtime.Sync;

namespace CamkesVm.Runtime.Wiring;

/// <summary>
/// <see cref="IComponentContext"/> of one instance: resolves names against the instance's component type (an
/// undeclared name throws, listing what the type declares) and the wiring (a declared but unconnected interface
/// binds to an end that throws when used). Mutexes and semaphores are made once per instance.
/// </summary>
internal sealed class ComponentContext : IComponentContext
{
    private readonly Instance _instance;
    private readonly ResolvedAssembly _assembly;
    private readonly AssemblyWiring _wiring;
    private readonly Dictionary<string, object> _sync = [];

    public ComponentContext(Instance instance, ResolvedAssembly assembly, AssemblyWiring wiring, ShutdownSignal shutdown, TextWriter output)
    {
        _instance = instance;
        _assembly = assembly;
        _wiring = wiring;
        Out = output;
        foreach (var (name, kind, _) in instance.Component.Synchronisation)
            _sync[name] = kind == "mutex" ? new ComponentMutex($"{instance.Name}.{name}", shutdown) : MakeSemaphore(name, kind, shutdown);
    }

    public string InstanceName => _instance.Name;

    public string TypeName => _instance.Component.Name;

    public TextWriter Out { get; }

    /// <summary>The names of the type's <c>has mutex</c> declarations.</summary>
    internal IReadOnlyList<string> MutexNames =>
        [.. _instance.Component.Synchronisation.Where(s => s.Kind == "mutex").Select(s => s.Name)];

    public IEventEmitter Emits(string name) => Connected(name, InterfaceKind.Emits) switch
    {
        EventEmitterEnd end => end,
        AssemblyWiring.UnsupportedEnd u => throw UnconnectedEnds.Error(End(name), u.Connector),
        _ => UnconnectedEnds.Emitter.Instance,
    };

    public IEventConsumer Consumes(string name) => Connected(name, InterfaceKind.Consumes) switch
    {
        EventConsumerEnd end => end,
        var other => new UnconnectedEnds.Consumer(End(name), (other as AssemblyWiring.UnsupportedEnd)?.Connector),
    };

    public IDataport Dataport(string name) => Connected(name, InterfaceKind.Dataport) switch
    {
        SharedBlock block => block,
        var other => new UnconnectedEnds.Dataport(End(name), (int)(Declared(name, InterfaceKind.Dataport).DataportSize ?? SharedBlock.PageSize),
            (other as AssemblyWiring.UnsupportedEnd)?.Connector),
    };

    public IComponentMutex Mutex(string name) => Sync<ComponentMutex>(name, "mutex");

    public IComponentSemaphore Semaphore(string name) => Sync<ComponentSemaphore>(name, "semaphore");

    public T Uses<T>(string name) where T : class
    {
        var endpoint = UsedEndpoint(name);
        return RpcProxy.Create<T>((method, args) => endpoint().Call(method, args));
    }

    public IProcedureCalls UsesByName(string name) => new CallsByName(UsedEndpoint(name));

    public void Provides<T>(string name, T implementation) where T : class
    {
        ArgumentNullException.ThrowIfNull(implementation);
        if (Connected(name, InterfaceKind.Provides) is RpcEndpoint endpoint) endpoint.Provide(typeof(T), implementation);
    }

    public void ProvidesByName(string name, IProcedureCalls implementation) => Provides(name, implementation);

    /// <summary>The endpoint of a <c>uses</c> interface, or (when it is not usable) a function that throws saying why.</summary>
    private Func<RpcEndpoint> UsedEndpoint(string name)
    {
        var end = Connected(name, InterfaceKind.Uses);
        var endName = End(name);
        return end switch
        {
            RpcEndpoint endpoint => () => endpoint,
            AssemblyWiring.UnsupportedEnd u => () => throw UnconnectedEnds.Error(endName, u.Connector),
            _ => () => throw UnconnectedEnds.Error(endName),
        };
    }

    private sealed class CallsByName(Func<RpcEndpoint> endpoint) : IProcedureCalls
    {
        public object? Call(string method, object?[] arguments) => endpoint().Call(method, arguments);
    }

    public object? Attribute(string name) => _assembly.GetValue(_instance.Name, name) switch
    {
        null => null,
        IntValue i => i.Value,
        StringValue s => s.Value,
        FloatValue f => f.Value,
        var other => other,
    };

    /// <summary>The wiring's end of a declared interface (null when unconnected).</summary>
    internal object? Connected(string name, InterfaceKind kind)
    {
        Declared(name, kind);
        return _wiring.Find(_instance.Name, name);
    }

    private InterfaceDeclaration Declared(string name, InterfaceKind kind)
    {
        var declaration = _instance.Component.FindInterface(name);
        if (declaration is { } d && d.Kind == kind) return d;
        throw new InvalidOperationException(
            $"{_instance.Name} ({TypeName}) has no {Word(kind)} interface '{name}'{(declaration is null ? "" : $" ('{name}' is {Word(declaration.Kind)})")}; " +
            $"its type declares: {Declarations()}");
    }

    private T Sync<T>(string name, string what) where T : class
    {
        if (_sync.GetValueOrDefault(name) is T found) return found;
        throw new InvalidOperationException($"{_instance.Name} ({TypeName}) has no {what} '{name}': declare 'has {what} {name};' in component {TypeName}");
    }

    private ComponentSemaphore MakeSemaphore(string name, string kind, ShutdownSignal shutdown)
    {
        bool binary = kind == "binary_semaphore";
        long initial = _assembly.GetValue(_instance.Name, name + "_value") is IntValue v ? v.Value : binary ? 0 : 1;
        return new ComponentSemaphore($"{_instance.Name}.{name}", checked((int)initial), binary, shutdown);
    }

    private string End(string name) => $"{_instance.Name}.{name}";

    private string Declarations()
    {
        var items = _instance.Component.Interfaces.Select(i => $"{Word(i.Kind)} {i.Name}")
            .Concat(_instance.Component.Synchronisation.Select(s => $"has {s.Kind} {s.Name}")).ToList();
        return items.Count == 0 ? "nothing" : string.Join(", ", items);
    }

    private static string Word(InterfaceKind kind) => kind.ToString().ToLowerInvariant();
}
