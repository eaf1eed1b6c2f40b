namespace CamkesVm.Runtime;

/// <summary>
/// Every thread the runtime starts (control threads, callback threads, VM threads), so that shutdown can join
/// them all. The wrapper ends a thread quietly on <see cref="RuntimeShutdownException"/> and logs any other
/// exception (a failing component never takes the host process down).
/// </summary>
internal sealed class ThreadRegistry(Action<string> log)
{
    private readonly List<Thread> _threads = [];
    private readonly List<string> _failures = [];

    /// <summary>Failures of component threads, as "name: message".</summary>
    public IReadOnlyList<string> Failures
    {
        get { lock (_failures) return [.. _failures]; }
    }

    /// <summary>Raised (on the ending thread) when any thread started here ends.</summary>
    public event Action? ThreadEnded;

    public Thread Start(string name, Action body)
    {
        var thread = new Thread(() => Wrap(name, body)) { Name = name, IsBackground = true };
        lock (_threads) _threads.Add(thread);
        thread.Start();
        return thread;
    }

    /// <summary>Joins every thread; true when all ended within <paramref name="timeout"/>. Names stragglers in the log.</summary>
    public bool JoinAll(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var all = true;
        while (true)
        {
            Thread[] threads;
            lock (_threads) threads = [.. _threads];
            foreach (var thread in threads)
            {
                if (thread == Thread.CurrentThread) continue;
                if (!JoinUnlessParked(thread, deadline))
                {
                    log($"runtime: thread {thread.Name} did not end within {timeout.TotalSeconds:0.#} s of shutdown");
                    all = false;
                }
            }
            lock (_threads)
                if (_threads.Count == threads.Length) return all;   // no thread was started while joining
        }
    }

    /// <summary>Waits for <paramref name="thread"/> to end or park (<see cref="ParkedThreads"/>) until <paramref name="deadline"/>.</summary>
    private static bool JoinUnlessParked(Thread thread, DateTime deadline)
    {
        while (!thread.Join(TimeSpan.FromMilliseconds(20)))
        {
            if (ParkedThreads.IsParked(thread)) return true;
            if (DateTime.UtcNow >= deadline) return false;
        }
        return true;
    }

    private void Wrap(string name, Action body)
    {
        try
        {
            body();
        }
        catch (RuntimeShutdownException)
        {
        }
        catch (Exception e)
        {
            log($"runtime: {name} failed: {e.GetType().Name}: {e.Message}");
            lock (_failures) _failures.Add($"{name}: {e.Message}");
        }
        finally
        {
            ThreadEnded?.Invoke();
        }
    }
}
