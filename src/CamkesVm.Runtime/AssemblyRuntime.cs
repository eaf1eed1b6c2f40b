using CamkesVm.Adl.Model;
using CamkesVm.Machine;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Vm;
using CamkesVm.Runtime.Wiring;

namespace CamkesVm.Runtime;

/// <summary>
/// Runs a resolved assembly in this process (DESIGN.md, layer "Runtime"): every VM instance owns a
/// <see cref="PcMachine"/>, every other instance is a native component from the app's providers, and the
/// connectors between them are host objects. <see cref="Start"/> follows CAmkES's start-up order (camkes_adl.md
/// §5.2): bind every instance, then <c>pre_init</c> of all, then <c>post_init</c> of all, then each control
/// component's <c>run()</c> and each VM on its own thread. The run ends when every VM has stopped (or, without VMs,
/// every control thread has returned) or on <see cref="Stop"/>; <see cref="Wait"/> then releases blocked component
/// threads (their blocking calls throw <see cref="RuntimeShutdownException"/>), stops the VMs and joins every thread.
/// </summary>
public sealed partial class AssemblyRuntime : IDisposable
{
    private readonly RuntimeOptions _options;
    private readonly ShutdownSignal _shutdown = new();
    private readonly ThreadRegistry _threads;
    private readonly ManualResetEventSlim _ended = new(false);
    private readonly List<(Instance Instance, NativeComponent Component)> _natives = [];
    private readonly List<VmInstance> _vms = [];
    private readonly Dictionary<string, int> _runResults = [];
    private AssemblyWiring? _wiring;
    private int _controlRunning;
    private string? _stopReason;
    private AssemblyExit? _exit;
    private bool _joined;

    /// <summary>Prepares a runtime; nothing runs until <see cref="Start"/>.</summary>
    public AssemblyRuntime(RuntimeOptions options)
    {
        _options = options;
        _threads = new ThreadRegistry(options.Log);
        _threads.ThreadEnded += CheckEnd;
    }

    /// <summary>The VM instance names, in guest index order (after <see cref="Start"/>).</summary>
    public IReadOnlyList<string> VmNames => [.. _vms.Select(v => v.Guest.InstanceName)];

    /// <summary>The machine of VM <paramref name="instanceName"/> (e.g. to send it serial input).</summary>
    public PcMachine Machine(string instanceName) =>
        _vms.FirstOrDefault(v => v.Guest.InstanceName == instanceName)?.Machine
        ?? throw new InvalidOperationException($"no VM instance named {instanceName}; VMs: {string.Join(", ", VmNames)}");

    /// <summary>Starts the assembly, or throws <see cref="AssemblyRuntimeException"/> (nothing is left running then).</summary>
    public void Start()
    {
        try
        {
            Instantiate();
            Stage("pre_init", c => c.PreInit());
            Stage("post_init", c => c.PostInit());
            Launch();
        }
        catch
        {
            Shutdown();
            throw;
        }
    }

    /// <summary>Runs to the end: <see cref="Start"/>, then <see cref="Wait"/>.</summary>
    public AssemblyExit Run()
    {
        Start();
        return Wait()!;
    }

    /// <summary>Waits for the end (see the class summary), shuts down and returns how it ended; null on timeout.</summary>
    public AssemblyExit? Wait(TimeSpan? timeout = null)
    {
        if (!_ended.Wait(timeout ?? Timeout.InfiniteTimeSpan)) return null;
        Shutdown();
        return _exit!;
    }

    /// <summary>Ends the run from the host (thread-safe), e.g. on Ctrl-A x.</summary>
    public void Stop(string why)
    {
        lock (_ended) _stopReason ??= why;
        _ended.Set();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Shutdown();
        if (_joined)
        {
            foreach (var vm in _vms) vm.Dispose();
            _wiring?.Dispose();
        }
        _ended.Dispose();
        _shutdown.Dispose();
    }
}
