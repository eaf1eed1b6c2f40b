using System.Text;
using CamkesVm.Machine;
using CamkesVm.Machine.Boot;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// A guest booted on a <see cref="PcMachine"/> built in the test process (not through <c>camkes-vm run</c>), so
/// the test can register hypercall handlers and drive interrupt lines: the machine runs on its own thread, COM1
/// feeds a <see cref="SerialConsole"/>. <see cref="Setup"/> runs on the creating thread before the first instruction.
/// </summary>
public sealed class InProcessGuest : IDisposable
{
    private readonly Thread _thread;
    private readonly List<byte> _pending = [];
    private readonly object _exitLock = new();
    private MachineExit? _exit;

    public PcMachine Machine { get; }
    public SerialConsole Console { get; }

    /// <summary>How the run ended (null while running).</summary>
    public MachineExit? Exit
    {
        get { lock (_exitLock) return _exit; }
    }

    private InProcessGuest(PcMachine machine)
    {
        Machine = machine;
        Console = new SerialConsole(Type, () => Exit != null);
        machine.SerialOutput = b => _pending.Add(b);
        machine.FlushOutput = Flush;
        _thread = new Thread(Run) { IsBackground = true, Name = "guest machine" };
    }

    /// <summary>
    /// Boots the committed linux/bzimage and linux/rootfs.cpio with the seed's command line; <paramref name="setup"/>
    /// registers handlers on the machine before it starts.
    /// </summary>
    public static InProcessGuest BootCommitted(Action<PcMachine> setup, int memoryMb = 128)
    {
        var machine = new PcMachine(new MachineOptions { MemoryMb = memoryMb });
        try
        {
            machine.Boot(BootFile.Read(GuestImages.Committed.Bzimage, "kernel"), BootFile.Read(GuestImages.Committed.Rootfs, "initrd"),
                         Vmm.VmmBootTests.SeedCmdline);
            setup(machine);
        }
        catch
        {
            machine.Dispose();
            throw;
        }
        var guest = new InProcessGuest(machine);
        guest._thread.Start();
        return guest;
    }

    /// <summary>Waits for the guest to stop (e.g. after <c>poweroff</c>) and returns how it ended.</summary>
    public MachineExit WaitForExit(TimeSpan timeout)
    {
        if (!_thread.Join(timeout))
            throw new TimeoutException(Console.Describe($"the guest did not stop within {timeout.TotalSeconds:0} s"));
        return Exit!.Value;
    }

    private void Run()
    {
        var exit = Machine.Run();
        Flush();
        lock (_exitLock) _exit = exit;
        Console.Closed();
    }

    private void Flush()
    {
        if (_pending.Count == 0) return;
        Console.Receive(Encoding.Latin1.GetString(_pending.ToArray()));
        _pending.Clear();
    }

    private Task Type(string text)
    {
        Machine.SendSerialInput(Encoding.Latin1.GetBytes(text));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_thread.IsAlive)
        {
            Machine.Stop("test finished");
            _thread.Join(TimeSpan.FromSeconds(30));
        }
        if (!_thread.IsAlive) Machine.Dispose();
    }
}
