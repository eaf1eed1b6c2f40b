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

    private readonly ConsoleProcess _process;

    private QemuGuest(ConsoleProcess process) => _process = process;

    public SerialConsole Console => _process.Console;

    /// <summary>Starts the guest; fails with an install hint if QEMU is not there.</summary>
    public static QemuGuest Boot(string kernel, string initrd, string cmdline = SeedCmdline)
    {
        var qemu = HostTools.Find(Binary)
            ?? throw new InvalidOperationException(
                $"{Binary} is not installed: run scripts/install-test-deps.sh (Debian package qemu-system-x86)");
        Assert.True(File.Exists(kernel), $"kernel image {kernel} is missing");
        Assert.True(File.Exists(initrd), $"initrd {initrd} is missing");
        return new QemuGuest(ConsoleProcess.Start(qemu,
        [
            "-accel", "tcg", "-cpu", "pentium3", "-m", "128", "-nographic", "-no-reboot",
            "-kernel", kernel, "-initrd", initrd, "-append", cmdline,
        ], stderrTag: "qemu"));
    }

    /// <summary>Waits for QEMU to exit (the guest powered off); returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose() => _process.Dispose();
}
