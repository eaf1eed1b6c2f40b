using System.Runtime.InteropServices;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Glue.Tests.Fakes;

/// <summary>Notification semantics: emits coalesce into one pending event; a registered callback takes precedence.</summary>
public sealed class FakeEvent : IEventEmitter, IEventConsumer
{
    private readonly object _gate = new();
    private bool _pending;
    private Action? _callback;

    public int Emitted { get; private set; }

    public void Emit()
    {
        Action? fire = null;
        lock (_gate)
        {
            Emitted++;
            if (_callback is not null)
            {
                (fire, _callback) = (_callback, null);
            }
            else
            {
                _pending = true;
                Monitor.PulseAll(_gate);
            }
        }
        fire?.Invoke();
    }

    public void Wait()
    {
        lock (_gate)
        {
            while (!_pending)
            {
                Monitor.Wait(_gate);
            }
            _pending = false;
        }
    }

    /// <summary>Waits for the pending event with a timeout (test side).</summary>
    public bool Wait(TimeSpan timeout)
    {
        lock (_gate)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!_pending)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                {
                    return false;
                }
            }
            _pending = false;
            return true;
        }
    }

    public bool Poll()
    {
        lock (_gate)
        {
            var was = _pending;
            _pending = false;
            return was;
        }
    }

    public void RegisterCallback(Action callback)
    {
        bool fireNow;
        lock (_gate)
        {
            fireNow = _pending;
            _pending = false;
            _callback = fireNow ? null : callback;
        }
        if (fireNow)
        {
            callback();
        }
    }
}

public sealed unsafe class FakeDataport : IDataport, IDisposable
{
    public FakeDataport(int size)
    {
        Size = size;
        Pointer = (byte*)NativeMemory.AllocZeroed((nuint)size);
    }

    public int Size { get; }

    public byte* Pointer { get; private set; }

    public Span<byte> Span => new(Pointer, Size);

    public void Write(string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text + "\0");
        bytes.CopyTo(Span);
    }

    public void Dispose()
    {
        // Kept alive: a parked C or C# thread may still point at it until the test process ends.
    }
}

public sealed class FakeMutex : IComponentMutex
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public int Locks { get; private set; }

    public void Lock()
    {
        _gate.Wait();
        Locks++;
    }

    public void Unlock() => _gate.Release();
}

public sealed class FakeSemaphore(int initial) : IComponentSemaphore
{
    private readonly SemaphoreSlim _count = new(initial);

    public int Count => _count.CurrentCount;

    public void Wait() => _count.Wait();

    public bool TryWait() => _count.Wait(0);

    public void Post() => _count.Release();
}
