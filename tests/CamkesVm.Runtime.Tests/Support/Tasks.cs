namespace CamkesVm.Runtime.Tests.Support;

/// <summary>Bounded waits on tasks that run blocking runtime calls (a hang fails the test rather than blocking the run).</summary>
internal static class Tasks
{
    /// <summary>True when <paramref name="task"/> completes within the test timeout.</summary>
    public static bool Finishes(Task task) => task.Wait(TestAssembly.Timeout);

    /// <summary>True when <paramref name="task"/> is still blocked after 100 ms.</summary>
    public static bool StillBlocked(Task task) => !task.Wait(100);
}
