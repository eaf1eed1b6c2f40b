using CamkesVm.Runtime.Components;

namespace CamkesVm.Glue.Tests.Fakes;

/// <summary>A context holding exactly the ends a test gives it; anything else throws as the real runtime does.</summary>
public sealed class FakeContext(string instance, string type) : IComponentContext
{
    public Dictionary<string, FakeEvent> Events { get; } = [];
    public Dictionary<string, FakeDataport> Dataports { get; } = [];
    public Dictionary<string, FakeMutex> Mutexes { get; } = [];
    public Dictionary<string, FakeSemaphore> Semaphores { get; } = [];
    public Dictionary<string, object> Used { get; } = [];
    public Dictionary<string, object> Provided { get; } = [];
    public StringWriter Output { get; } = new();

    public string InstanceName => instance;
    public string TypeName => type;
    private TextWriter? _out;
    public TextWriter Out => _out ??= TextWriter.Synchronized(Output);

    public IEventEmitter Emits(string name) => Find(Events, name, "emits");
    public IEventConsumer Consumes(string name) => Find(Events, name, "consumes");
    public IDataport Dataport(string name) => Find(Dataports, name, "dataport");
    public IComponentMutex Mutex(string name) => Find(Mutexes, name, "mutex");
    public IComponentSemaphore Semaphore(string name) => Find(Semaphores, name, "semaphore");
    public T Uses<T>(string name) where T : class => (T)Find(Used, name, "uses");
    public void Provides<T>(string name, T implementation) where T : class => Provided[name] = implementation;
    public IProcedureCalls UsesByName(string name) => (IProcedureCalls)Find(Used, name, "uses");
    public void ProvidesByName(string name, IProcedureCalls implementation) => Provided[name] = implementation;
    public object? Attribute(string name) => null;

    private T Find<T>(Dictionary<string, T> ends, string name, string kind) =>
        ends.TryGetValue(name, out var end) ? end : throw new InvalidOperationException($"{instance}: no {kind} '{name}'");
}
