namespace CamkesVm.Runtime.Components;

/// <summary>The sending end of a seL4Notification connection (CAmkES <c>&lt;name&gt;_emit()</c>).</summary>
public interface IEventEmitter
{
    /// <summary>Signals the connected consumers; never blocks.</summary>
    void Emit();
}

/// <summary>
/// The receiving end of a seL4Notification connection with notification semantics: emits that arrive while nobody
/// waits coalesce into one pending event, which the next <see cref="Wait"/> or <see cref="Poll"/> consumes.
/// </summary>
public interface IEventConsumer
{
    /// <summary>Blocks until an event is pending and consumes it (CAmkES <c>&lt;name&gt;_wait()</c>).</summary>
    void Wait();

    /// <summary>Consumes a pending event if there is one (CAmkES <c>&lt;name&gt;_poll()</c>).</summary>
    bool Poll();

    /// <summary>
    /// Runs <paramref name="callback"/> once, on a runtime thread, when the next event arrives (CAmkES
    /// <c>&lt;name&gt;_reg_callback()</c>: one-shot, re-register inside the callback to keep receiving).
    /// </summary>
    void RegisterCallback(Action callback);
}

/// <summary>A seL4SharedData / seL4SharedDataWithCaps block: the same bytes for every connected end.</summary>
public unsafe interface IDataport
{
    /// <summary>Size in bytes as declared (rounded up to whole 4 KiB pages by the runtime).</summary>
    int Size { get; }

    /// <summary>Host address of the block; stable for the lifetime of the assembly (C glue's <c>data</c> pointer).</summary>
    byte* Pointer { get; }

    /// <summary>The block as a span.</summary>
    Span<byte> Span { get; }
}

/// <summary>A component's <c>has mutex</c> (CAmkES <c>&lt;name&gt;_lock()</c>/<c>_unlock()</c>).</summary>
public interface IComponentMutex
{
    /// <summary>Blocks until the mutex is held.</summary>
    void Lock();

    /// <summary>Releases it.</summary>
    void Unlock();
}

/// <summary>A component's <c>has semaphore</c> (CAmkES <c>&lt;name&gt;_wait()</c>/<c>_post()</c>).</summary>
public interface IComponentSemaphore
{
    /// <summary>Blocks until the count is positive, then decrements it.</summary>
    void Wait();

    /// <summary>Decrements if positive; false otherwise.</summary>
    bool TryWait();

    /// <summary>Increments the count.</summary>
    void Post();
}
