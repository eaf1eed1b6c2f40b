using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Tests.Platform;
using CamkesVm.Machine.Tests.Platform.Qemu;
using CamkesVm.Machine.Tests.Uart.Qemu;

namespace CamkesVm.Machine.Tests.Uart;

/// <summary>
/// Differential test: the boot sector of Qemu/uart-probe.S replays 16550 register accesses and logs each read;
/// the reference log was recorded on Debian's QEMU (Platform/Qemu/record-qemu-trace.sh). The same bytes run on
/// our CPU with our UART must log the same values and send the same bytes out of the serial line.
/// </summary>
public class Uart16550QemuTraceTests
{
    [Fact]
    public void Register_trace_matches_qemu()
    {
        using var probe = new BootSectorProbe();
        var serial = new List<byte>();
        probe.Ports.Map(0x3F8, 8, new Uart16550(new RecordingLine(), serial.Add), "COM1");
        probe.RunAndCompare(QemuUartTrace.BootSector, QemuUartTrace.DebugconTrace);
        Assert.Equal(Convert.FromHexString(QemuUartTrace.SerialOutput), serial);
    }
}
