namespace CamkesVm.Runtime.Components;

/// <summary>
/// What one component instance can reach (DESIGN.md, layer "Runtime"): only the interfaces, dataports, mutexes and
/// semaphores that the spec declares on its component type and connects. Asking for anything else throws
/// <see cref="InvalidOperationException"/> naming the instance, the interface and what the spec declares.
/// Generated glue (C# source generator, or the C <c>camkes.h</c> adapter) calls these once while binding and keeps the
/// results, so the per-call paths never look names up.
/// </summary>
public interface IComponentContext
{
    /// <summary>The instance name in the assembly (e.g. <c>print_server</c>).</summary>
    string InstanceName { get; }

    /// <summary>The component type name (e.g. <c>PrintServer</c>).</summary>
    string TypeName { get; }

    /// <summary>The <c>emits</c> interface <paramref name="name"/>.</summary>
    IEventEmitter Emits(string name);

    /// <summary>The <c>consumes</c> interface <paramref name="name"/>.</summary>
    IEventConsumer Consumes(string name);

    /// <summary>The <c>dataport</c> interface <paramref name="name"/>.</summary>
    IDataport Dataport(string name);

    /// <summary>The <c>has mutex</c> <paramref name="name"/>.</summary>
    IComponentMutex Mutex(string name);

    /// <summary>The <c>has semaphore</c> <paramref name="name"/>.</summary>
    IComponentSemaphore Semaphore(string name);

    /// <summary>The caller side of the <c>uses</c> interface <paramref name="name"/>: calls block until the callee returns.</summary>
    T Uses<T>(string name) where T : class;

    /// <summary>Registers the implementation of the <c>provides</c> interface <paramref name="name"/> (during binding).</summary>
    void Provides<T>(string name, T implementation) where T : class;

    /// <summary>The caller side of the <c>uses</c> interface <paramref name="name"/> by method name (the C glue's view).</summary>
    IProcedureCalls UsesByName(string name);

    /// <summary>Registers an implementation of the <c>provides</c> interface <paramref name="name"/> called by method name (the C glue).</summary>
    void ProvidesByName(string name, IProcedureCalls implementation);

    /// <summary>An attribute value of this instance (the spec's <c>instance.attr = value</c>), or null if unset.</summary>
    object? Attribute(string name);

    /// <summary>The component's standard output (the host console, prefixed as the runtime decides).</summary>
    TextWriter Out { get; }
}
