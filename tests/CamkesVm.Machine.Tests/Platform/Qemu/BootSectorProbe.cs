using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;
using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Platform.Qemu;

/// <summary>
/// Runs a recorded boot-sector probe (see record-qemu-trace.sh) on our CPU, in real mode at 0000:7C00 as
/// SeaBIOS starts it, with the devices under test on <see cref="Ports"/> plus the debug console (the log)
/// and isa-debug-exit, and compares the log with QEMU's.
/// </summary>
internal sealed class BootSectorProbe : IDisposable
{
    private const uint BootAddress = 0x7C00;
    private readonly PhysicalMemory _memory = new(1 << 20);
    private readonly List<byte> _log = [];
    private int? _exit;

    public BootSectorProbe()
    {
        Ports.Map(DebugConsolePort.Port, 1, new DebugConsolePort(_log.Add), "debugcon");
        Ports.Map(IsaDebugExit.Port, 4, new IsaDebugExit(s => _exit = s), "isa-debug-exit");
    }

    /// <summary>Where the test maps the devices under test.</summary>
    public PortBus Ports { get; } = new();

    /// <summary>
    /// Runs <paramref name="bootSectorHex"/> to its exit and asserts that each logged byte equals QEMU's, except
    /// at the indices of <paramref name="deviations"/>, where ours must be the given value instead.
    /// </summary>
    public void RunAndCompare(string bootSectorHex, string qemuLogHex, IReadOnlyDictionary<int, byte>? deviations = null)
    {
        using var cpu = new Cpu(_memory, Ports);
        _memory.Write(BootAddress, Convert.FromHexString(bootSectorHex));
        cpu.SetSegment(SegReg.CS, 0, 0, 0xFFFF, 0x9B);
        cpu.Eip = BootAddress;
        Assert.Equal(ExitReason.Halted, cpu.Run(100_000));
        Assert.Equal(1, _exit); // isa-debug-exit with 0: the probe reached its end

        var qemu = Convert.FromHexString(qemuLogHex);
        Assert.Equal(qemu.Length, _log.Count);
        for (int i = 0; i < qemu.Length; i++)
        {
            bool deviates = deviations != null && deviations.ContainsKey(i);
            byte expected = deviates ? deviations![i] : qemu[i];
            Assert.True(expected == _log[i],
                $"logged byte #{i}: expected 0x{expected:x2}{(deviates ? " (known deviation from QEMU)" : "")}, ours 0x{_log[i]:x2}");
        }
    }

    public void Dispose() => _memory.Dispose();
}
