using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Sync;

/// <summary>
/// A component's <c>has semaphore</c> (initial count from the setting <c>&lt;name&gt;_value</c>, default 1) or
/// <c>has binary_semaphore</c> (initial 0 or 1 from <c>&lt;name&gt;_value</c>, default 0; the count never exceeds 1).
/// </summary>
internal sealed class ComponentSemaphore : IComponentSemaphore
{
    private readonly SemaphoreSlim _count;
    private readonly string _name;
    private readonly ShutdownSignal _shutdown;
    private readonly bool _binary;

    public ComponentSemaphore(string name, int initial, bool binary, ShutdownSignal shutdown)
    {
        if (initial < 0 || binary && initial > 1)
            throw new ArgumentOutOfRangeException(nameof(initial), initial,
                $"{name}_value = {initial}: a {(binary ? "binary semaphore starts at 0 or 1" : "semaphore starts at 0 or more")}");
        _name = name;
        _binary = binary;
        _shutdown = shutdown;
        _count = binary ? new SemaphoreSlim(initial, 1) : new SemaphoreSlim(initial);
    }

    public void Wait()
    {
        try
        {
            _count.Wait(_shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            throw new RuntimeShutdownException();
        }
    }

    public bool TryWait() => _count.Wait(0);

    public void Post()
    {
        lock (_count)
        {
            if (_binary && _count.CurrentCount == 1) return;   // a binary semaphore saturates at 1
            _count.Release();
        }
    }

    public override string ToString() => _name;
}
