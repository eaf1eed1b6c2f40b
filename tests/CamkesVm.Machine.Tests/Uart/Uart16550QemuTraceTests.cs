using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Tests.Platform;
using CamkesVm.Machine.Tests.Uart.Qemu;
using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Uart;

/// <summary>
/// Differential test: the boot sector of Qemu/uart-probe.S replays 16550 register accesses and logs each read;
/// the reference log was recorded on Debian's QEMU (Qemu/record.sh). The same bytes run here on our CPU
/// with our UART must log the same values and send the same bytes out of the serial line.
/// </summary>
public sealed class Uart16550QemuTraceTests : IDisposable
{
    private const uint BootAddress = 0x7C00;
    private readonly PhysicalMemory _memory = new(1 << 20);
    private readonly PortBus _ports = new();
    private readonly Cpu _cpu;

    public Uart16550QemuTraceTests() => _cpu = new Cpu(_memory, _ports);

    public void Dispose()
    {
        _cpu.Dispose();
        _memory.Dispose();
    }

    [Fact]
    public void Register_trace_matches_qemu()
    {
        var serial = new List<byte>();
        var log = new List<byte>();
        int? exit = null;
        _ports.Map(0x3F8, 8, new Uart16550(new RecordingLine(), serial.Add), "COM1");
        _ports.Map(DebugConsolePort.Port, 1, new DebugConsolePort(log.Add), "debugcon");
        _ports.Map(IsaDebugExit.Port, 4, new IsaDebugExit(s => exit = s), "isa-debug-exit");
        _memory.Write(BootAddress, Convert.FromHexString(QemuUartTrace.BootSector));
        _cpu.SetSegment(SegReg.CS, 0, 0, 0xFFFF, 0x9B);
        _cpu.Eip = BootAddress;

        Assert.Equal(ExitReason.Halted, _cpu.Run(100_000));
        Assert.Equal(1, exit);
        var expected = Convert.FromHexString(QemuUartTrace.DebugconTrace);
        for (int i = 0; i < Math.Min(expected.Length, log.Count); i++)
            Assert.True(expected[i] == log[i], $"logged read #{i}: QEMU 0x{expected[i]:x2}, ours 0x{log[i]:x2}");
        Assert.Equal(expected.Length, log.Count);
        Assert.Equal(Convert.FromHexString(QemuUartTrace.SerialOutput), serial);
    }
}
