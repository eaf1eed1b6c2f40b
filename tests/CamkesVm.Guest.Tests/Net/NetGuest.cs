using System.Text;
using CamkesVm.Guest.Tests.Support;
using CamkesVm.Machine;
using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Devices.Net;
using CamkesVm.Machine.Net;

namespace CamkesVm.Guest.Tests.Net;

/// <summary>
/// Our kernel and rootfs booted in-process on a <see cref="PcMachine"/> (wall-clock time, as a networked guest
/// talks to real host sockets) with an 82574L at 00:02.0 on IRQ 10 on the given backend, BARs preset and
/// decoding enabled as firmware would. The serial console is a <see cref="SerialConsole"/>; the machine runs on
/// its own thread until disposed.
/// </summary>
public sealed class NetGuest : IDisposable
{
    public const string CommandLine = "console=ttyS0,115200 i8042.nokbd=y i8042.nomux=y i8042.noaux=y io_delay=udelay noisapnp pci=nomsi";
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10), Command = TimeSpan.FromMinutes(3);

    private readonly PcMachine _machine;
    private readonly Thread _thread;
    private volatile bool _exited;

    public SerialConsole Console { get; }
    public Intel82574L Nic { get; }

    public NetGuest(INetworkBackend backend, MacAddress mac)
    {
        _machine = new PcMachine(new MachineOptions { MemoryMb = 128 });
        Nic = _machine.AddIntel82574L(backend, device: 2, irq: 10, new Intel82574LOptions { Mac = mac });
        Console = new SerialConsole(SendAsync, () => _exited);
        var pending = new StringBuilder();
        _machine.SerialOutput = b => pending.Append((char)b);
        _machine.FlushOutput = () =>
        {
            if (pending.Length == 0) return;
            Console.Receive(pending.ToString());
            pending.Clear();
        };
        _machine.Boot(BootFile.Read(RepoPaths.InLinux("bzimage"), "kernel"), BootFile.Read(RepoPaths.InLinux("rootfs.cpio"), "initrd"), CommandLine);
        _thread = new Thread(() =>
        {
            try { _machine.Run(); }
            finally { _exited = true; Console.Closed(); }
        }) { IsBackground = true, Name = "net guest" };
        _thread.Start();
    }

    private Task SendAsync(string text)
    {
        _machine.SendSerialInput(Encoding.ASCII.GetBytes(text));
        return Task.CompletedTask;
    }

    /// <summary>Waits for the login prompt and logs in as root/root.</summary>
    public void Login()
    {
        Console.WaitFor("login:", Boot);
        Console.SendLine("root");
        Console.WaitFor("Password:", Command);
        Console.SendLine("root");
        Console.WaitFor("# ", Command);
    }

    /// <summary>Runs a shell command, returns its output (after the echoed line) and exit status.</summary>
    public (string Output, int Status) Run(string command) => ShellCommand.Run(Console, command, Command).GetAwaiter().GetResult();

    /// <summary>Runs a command that must succeed; returns its output.</summary>
    public string Ok(string command) => ShellCommand.Ok(Console, command, Command).GetAwaiter().GetResult();

    public void Dispose()
    {
        _machine.Stop("test finished");
        _thread.Join(TimeSpan.FromSeconds(30));
        _machine.Dispose();
    }
}
