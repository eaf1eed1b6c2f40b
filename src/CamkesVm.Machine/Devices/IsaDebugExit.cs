using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// QEMU's isa-debug-exit device (as configured with iobase=0xf4): any write of value v ends the run with
/// exit status (v &lt;&lt; 1) | 1, so a test kernel can report pass/fail as a process status. Reads are not
/// decoded (all ones), as in QEMU, whose device has no read handler.
/// </summary>
public sealed class IsaDebugExit : IBusDevice
{
    /// <summary>The port tests and test kernels use.</summary>
    public const ushort Port = 0xF4;

    private readonly Action<int> _exit;

    /// <summary>Creates the device; <paramref name="exit"/> receives the exit status.</summary>
    public IsaDebugExit(Action<int> exit) => _exit = exit ?? throw new ArgumentNullException(nameof(exit));

    /// <summary>The exit status for a written value, as QEMU computes it (an int, so bit 31 of v is lost).</summary>
    public static int ExitStatus(uint value) => unchecked((int)((value << 1) | 1));

    /// <inheritdoc/>
    public uint Read(uint offset, int size) => BusValues.Open(size);

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size) => _exit(ExitStatus(value));
}
