using CamkesVm.Machine.Threading;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Connectors;

/// <summary>
/// The consumer end of a seL4Notification connection, with seL4 notification semantics (CAmkES manual,
/// "Events"): signals that arrive while the event is pending coalesce; a pending event is latched until a
/// <see cref="Wait"/>, <see cref="Poll"/> or callback consumes it. A registered callback takes precedence over
/// waiters and is one-shot; it runs on this end's own thread (CAmkES gives a consumes end one interface thread),
/// started when the first callback is registered. A VM's end is watched instead (<see cref="Watch"/>): the VMM
/// hears of each signal at once and takes the event with <see cref="Poll"/> on the VM thread.
/// </summary>
internal sealed class EventConsumerEnd : IEventConsumer
{
    private readonly object _gate = new();
    private readonly string _name;
    private readonly ShutdownSignal _shutdown;
    private readonly ThreadRegistry _threads;
    private bool _pending;
    private Action? _callback;
    private Action? _watcher;
    private bool _threadStarted;
    private readonly SpinBeforeBlock _spin = new();
    private readonly Func<bool> _isPending;

    public EventConsumerEnd(string name, ShutdownSignal shutdown, ThreadRegistry threads)
    {
        _name = name;
        _shutdown = shutdown;
        _threads = threads;
        _isPending = () => Volatile.Read(ref _pending);
        shutdown.OnShutdown(WakeAll);
    }

    /// <summary>Makes the event pending (called by the emitters; never blocks).</summary>
    public void Signal()
    {
        lock (_gate)
        {
            _pending = true;
            Monitor.PulseAll(_gate);
        }
        _watcher?.Invoke();
    }

    /// <summary>
    /// Runs <paramref name="watcher"/> on the signalling thread after every <see cref="Signal"/> (it must not block):
    /// how the VMM hears of events for its guest without a thread of its own. Set before any component runs.
    /// </summary>
    public void Watch(Action watcher) => _watcher = watcher;

    /// <summary>Takes the event, blocking until it is pending; spins briefly first (<see cref="SpinBeforeBlock"/>).</summary>
    public void Wait()
    {
        _spin.Spin(_isPending);
        lock (_gate)
        {
            while (!_pending || _callback != null)
            {
                _shutdown.ThrowIfSet();
                Monitor.Wait(_gate);
            }
            _pending = false;
        }
    }

    public bool Poll()
    {
        lock (_gate)
        {
            if (!_pending || _callback != null) return false;
            _pending = false;
            return true;
        }
    }

    public void RegisterCallback(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            if (_callback != null)
                throw new InvalidOperationException($"{_name} already has a callback registered (callbacks are one-shot: register again inside it)");
            _callback = callback;
            if (!_threadStarted)
            {
                _threadStarted = true;
                _threads.Start($"{_name}:callback", CallbackLoop);
            }
            Monitor.PulseAll(_gate);
        }
    }

    private void CallbackLoop()
    {
        while (true)
        {
            Action callback;
            lock (_gate)
            {
                while (!_pending || _callback == null)
                {
                    _shutdown.ThrowIfSet();
                    Monitor.Wait(_gate);
                }
                _pending = false;
                callback = _callback;
                _callback = null;
            }
            callback();
        }
    }

    private void WakeAll()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }
}
