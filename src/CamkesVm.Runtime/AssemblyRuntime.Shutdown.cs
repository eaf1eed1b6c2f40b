using CamkesVm.Machine;

namespace CamkesVm.Runtime;

/// <summary>The end of a run: when it ends, releasing and joining the threads, and the exit it reports.</summary>
public sealed partial class AssemblyRuntime
{
    /// <summary>Ends the run when every VM has stopped, or (without VMs) every control component has returned.</summary>
    private void CheckEnd()
    {
        bool done = _vms.Count > 0 ? _vms.All(v => v.Exit != null) : Volatile.Read(ref _controlRunning) == 0;
        if (done) _ended.Set();
    }

    private void Shutdown()
    {
        lock (_threads)
        {
            if (_exit != null || _joined) return;
            _shutdown.Set();
            foreach (var vm in _vms) vm.Machine.Stop(_stopReason ?? "the assembly is shutting down");
            _joined = _threads.JoinAll(_options.JoinTimeout);
            _exit = ExitOf();
        }
    }

    private AssemblyExit ExitOf()
    {
        var vms = _vms.Where(v => v.Exit != null).ToDictionary(v => v.Guest.InstanceName, v => v.Exit!.Value);
        var failures = _threads.Failures;
        var (kind, status, message) = Outcome(vms);
        if (status == 0 && failures.Count > 0) status = 1;
        return new AssemblyExit(kind, status, message, vms, failures);
    }

    private (MachineExitKind, int, string) Outcome(Dictionary<string, MachineExit> vms)
    {
        string? stop;
        lock (_ended) stop = _stopReason;
        if (stop != null) return (MachineExitKind.Stopped, 0, stop);
        var vm = _vms.FirstOrDefault(v => v.Exit is { Status: not 0 }) ?? _vms.FirstOrDefault();
        if (vm != null && vms.TryGetValue(vm.Guest.InstanceName, out var exit))
            return (exit.Kind, exit.Status, $"{vm.Guest.InstanceName}: {exit.Message}");
        KeyValuePair<string, int>[] results;
        lock (_runResults) results = [.. _runResults];
        var failed = results.FirstOrDefault(r => r.Value != 0);
        return failed.Key != null
            ? (MachineExitKind.Stopped, failed.Value, $"{failed.Key}: run() returned {failed.Value}")
            : (MachineExitKind.Stopped, 0, "every control component returned");
    }
}
