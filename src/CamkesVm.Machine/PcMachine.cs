using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Machine.Threading;
using CamkesVm.Machine.Time;
using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine;

/// <summary>
/// One virtual PC: guest RAM, the CPU, port and MMIO buses, the clock, the platform devices (see
/// PcMachine.Platform.cs) and hypercall dispatch. Built, booted and run on one thread (the machine thread);
/// only <see cref="SendSerialInput"/>, <see cref="Post"/>, <see cref="Stop"/> and <see cref="RequestExit"/> may be called from others.
/// </summary>
public sealed partial class PcMachine : IDisposable
{
    private readonly MachineOptions _options;
    private readonly object _exitLock = new();
    /// <summary>
    /// Set by every host-side event that needs the machine thread (input, posted work, stop). The event itself does
    /// not spin: <see cref="_idleSpin"/> decides whether a halted guest's wait spins first, since an idle guest's
    /// wait is milliseconds long while a guest waiting for a native component's reply waits microseconds.
    /// </summary>
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly SpinBeforeBlock _idleSpin = new();
    private readonly Func<bool> _isWoken;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Action> _posted = new();
    private MachineExit? _pendingExit;

    /// <summary>Builds a powered-on machine with no guest loaded.</summary>
    public PcMachine(MachineOptions options)
    {
        options.Validate();
        _options = options;
        _isWoken = () => _wake.IsSet;
        Ports = new PortBus { Unclaimed = Log };
        Mmio = new MmioBus { Unclaimed = Log };
        Memory = new PhysicalMemory(checked((uint)options.MemoryMb << 20), Mmio);
        Cpu = new Cpu(Memory, Ports) { Log = Log };
        Clock = new MachineClock(options.TimeMode, () => Cpu.InstructionCount);
        Cpu.TimeNs = () => Clock.NowNs;
        Hypercalls = new HypercallTable { Log = Log };
        BuildPlatform();
    }

    /// <summary>Guest-physical memory.</summary>
    public PhysicalMemory Memory { get; }
    /// <summary>The processor.</summary>
    public Cpu Cpu { get; }
    /// <summary>The I/O port space.</summary>
    public PortBus Ports { get; }
    /// <summary>Device memory outside RAM.</summary>
    public MmioBus Mmio { get; }
    /// <summary>Guest time and device timers.</summary>
    public MachineClock Clock { get; }
    /// <summary>Hypercall handlers of this VM.</summary>
    public HypercallTable Hypercalls { get; }

    /// <summary>Receives every byte the guest sends on COM1 (on the machine thread).</summary>
    public Action<byte>? SerialOutput { get; set; }

    /// <summary>Receives bytes written to the debug console port 0xE9.</summary>
    public Action<byte>? DebugConsoleOutput { get; set; }

    /// <summary>Called at the end of each time slice so buffered console output reaches the user.</summary>
    public Action FlushOutput { get; set; } = () => { };

    /// <summary>Loads a kernel (bzImage, ELF vmlinux or Multiboot) and puts the CPU at its entry.</summary>
    public BootEntry Boot(BootFile kernel, BootFile? initrd, string commandLine, IReadOnlyList<(BootFile File, string Args)>? modules = null)
    {
        WriteAcpiTables();
        var entry = KernelLoader.Load(Memory, kernel, initrd, commandLine, modules, AcpiRsdp);
        FlatProtectedMode.Enter(Cpu, Memory, entry);
        foreach (var note in entry.Notes) Log($"boot: {note}");
        return entry;
    }

    private void Log(string message) => _options.Log?.Invoke(message);

    /// <inheritdoc/>
    public void Dispose()
    {
        Cpu.Dispose();
        Memory.Dispose();
        _wake.Dispose();
    }
}
