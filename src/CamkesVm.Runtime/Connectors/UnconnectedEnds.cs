using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Connectors;

/// <summary>
/// Ends of interfaces the component type declares but the spec leaves unconnected. Binding them succeeds (generated
/// glue looks up every declared interface), using them throws and names the interface; an unconnected
/// <c>emits</c> is a no-op, as in CAmkES.
/// </summary>
internal static class UnconnectedEnds
{
    public static InvalidOperationException Error(string end, string? connector = null) => new(connector is null
        ? $"{end} is not connected in the spec: add a connection to it in the assembly's composition"
        : $"{end} is connected with {connector}, which the runtime does not implement for native components");

    public sealed class Emitter : IEventEmitter
    {
        public static readonly Emitter Instance = new();

        public void Emit() { }
    }

    public sealed class Consumer(string end, string? connector) : IEventConsumer
    {
        public void Wait() => throw Error(end, connector);

        public bool Poll() => throw Error(end, connector);

        public void RegisterCallback(Action callback) => throw Error(end, connector);
    }

    public sealed unsafe class Dataport(string end, int size, string? connector) : IDataport
    {
        public int Size => size;

        public byte* Pointer => throw Error(end, connector);

        public Span<byte> Span => throw Error(end, connector);
    }
}
