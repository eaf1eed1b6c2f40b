namespace CamkesVm.Runtime;

/// <summary>
/// The assembly-wide "shutting down" flag with its cancellation token. Blocking primitives of the runtime wait
/// on the token (or re-check <see cref="IsSet"/> after every wake) and throw <see cref="RuntimeShutdownException"/>.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<Action> _wakers = [];

    public CancellationToken Token => _source.Token;

    public bool IsSet => _source.IsCancellationRequested;

    /// <summary>Registers a callback that wakes a monitor-based waiter when shutdown starts.</summary>
    public void OnShutdown(Action wake)
    {
        lock (_wakers) _wakers.Add(wake);
    }

    /// <summary>Throws <see cref="RuntimeShutdownException"/> once shutdown has started.</summary>
    public void ThrowIfSet()
    {
        if (IsSet) throw new RuntimeShutdownException();
    }

    public void Set()
    {
        _source.Cancel();
        Action[] wakers;
        lock (_wakers) wakers = [.. _wakers];
        foreach (var wake in wakers) wake();
    }

    public void Dispose() => _source.Dispose();
}
