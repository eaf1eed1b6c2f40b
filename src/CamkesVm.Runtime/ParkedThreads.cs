using System.Collections.Concurrent;

namespace CamkesVm.Runtime;

/// <summary>
/// Threads that can never be unwound: a C component blocked in a runtime wait when the assembly shuts down cannot be
/// given an exception (it would cross into C and end the process), so it parks for good. Shutdown does not wait for
/// parked threads; they are background threads and end with the process.
/// </summary>
internal static class ParkedThreads
{
    private static readonly ConcurrentDictionary<Thread, byte> Parked = new();

    /// <summary>Parks the calling thread for the rest of the process.</summary>
    public static void ParkForever()
    {
        Parked[Thread.CurrentThread] = 0;
        Thread.Sleep(Timeout.Infinite);
    }

    public static bool IsParked(Thread thread) => Parked.ContainsKey(thread);
}
