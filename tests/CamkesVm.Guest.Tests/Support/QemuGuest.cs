using System.Diagnostics;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// Boots a kernel and initramfs under Debian's qemu-system-i386 (TCG, a Pentium III, 128 MB, no
/// graphics so COM1 is on stdio, no reboot: a guest reboot or power-off ends QEMU) and exposes the
/// serial console. QEMU's own error output is added to the console transcript, marked "[qemu]".
/// </summary>
public sealed class QemuGuest : IDisposable
{
    public const string Binary = "qemu-system-i386";

    /// <summary>The seed's guest command line (VM_GUEST_CMDLINE without the hard-drive root).</summary>
    public const string SeedCmdline =
        "console=ttyS0,115200 i8042.nokbd=y i8042.nomux=y i8042.noaux=y io_delay=udelay noisapnp pci=nomsi";

    private readonly Process _process;
    private readonly Task _reader;

    public SerialConsole Console { get; }

    private QemuGuest(Process process)
    {
        _process = process;
        Console = new SerialConsole(Send, () => _process.HasExited);
        _reader = Task.Run(ReadOutput);
    }

    /// <summary>Starts the guest; fails with an install hint if QEMU is not there.</summary>
    public static QemuGuest Boot(string kernel, string initrd, string cmdline = SeedCmdline)
    {
        var qemu = HostTools.Find(Binary)
            ?? throw new InvalidOperationException(
                $"{Binary} is not installed: run scripts/install-test-deps.sh (Debian package qemu-system-x86)");
        Assert.True(File.Exists(kernel), $"kernel image {kernel} is missing");
        Assert.True(File.Exists(initrd), $"initrd {initrd} is missing");
        var start = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-accel", "tcg", "-cpu", "pentium3", "-m", "128", "-nographic", "-no-reboot",
            "-kernel", kernel, "-initrd", initrd, "-append", cmdline,
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {qemu}");
        var guest = new QemuGuest(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                guest.Console.Receive($"\n[qemu] {e.Data}\n");
            }
        };
        process.BeginErrorReadLine();
        return guest;
    }

    /// <summary>Waits for QEMU to exit (the guest powered off); returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException(Console.Describe($"QEMU did not exit within {timeout.TotalSeconds:0} s"));
        }
        _reader.Wait(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    private async Task Send(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    private async Task ReadOutput()
    {
        var buffer = new char[4096];
        var stdout = _process.StandardOutput;
        int n;
        while ((n = await stdout.ReadAsync(buffer.AsMemory())) > 0)
        {
            Console.Receive(buffer.AsSpan(0, n));
        }
        Console.Closed();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
