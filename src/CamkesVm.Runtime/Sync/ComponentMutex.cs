using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Sync;

/// <summary>
/// A component's <c>has mutex</c> (CAmkES sync_mutex, built on a notification): not owned by a thread, so one
/// thread may lock and another unlock, as the cross-VM event path does (the VMM locks when it posts an event to
/// the guest; the guest's ACK hypercall unlocks it on the VM thread).
/// </summary>
internal sealed class ComponentMutex(string name, ShutdownSignal shutdown) : IComponentMutex
{
    private readonly SemaphoreSlim _free = new(1, 1);

    public string Name => name;

    public void Lock()
    {
        try
        {
            _free.Wait(shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            throw new RuntimeShutdownException();
        }
    }

    /// <summary>Locks if it is free; never blocks (the VM thread's event delivery).</summary>
    public bool TryLock() => _free.Wait(0);

    public void Unlock()
    {
        if (!TryUnlock()) throw new InvalidOperationException($"mutex {name} is not locked");
    }

    /// <summary>Unlocks; false when it was not locked.</summary>
    public bool TryUnlock()
    {
        lock (_free)
        {
            if (_free.CurrentCount != 0) return false;
            _free.Release();
            return true;
        }
    }
}
