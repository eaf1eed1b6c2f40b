using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Pci;
using CamkesVm.Machine.Tests.Pci.Qemu;
using CamkesVm.Machine.Tests.Platform.Qemu;

namespace CamkesVm.Machine.Tests.Pci;

/// <summary>
/// Differential test: Qemu/pci-probe.S exercises 0xCF8-0xCFF (address latch, byte lanes, absent functions,
/// the enable bit, 0xCF9) and logs what it read; the reference was recorded on Debian's QEMU pc machine.
/// </summary>
public class PciHostBridgeQemuTraceTests
{
    /// <summary>
    /// The narrow reads of 0xCF8, 0xCFA, 0xCFB (bytes 4-10 of the log): QEMU answers them with the truncated
    /// CONFIG_ADDRESS (0 here). On Intel host bridges only dword accesses reach CONFIG_ADDRESS; narrower ones
    /// pass on as plain I/O cycles (82845 MCH datasheet §3.3.1), where nothing but 0xCF9 answers, so our model
    /// floats them to ones. Linux's
    /// pci_check_type2 is then refused already by its first test (inb(0xCF8) == 0), on QEMU only by its
    /// sanity check.
    /// </summary>
    private static readonly Dictionary<int, byte> NarrowAddressReads =
        Enumerable.Range(4, 7).ToDictionary(i => i, _ => (byte)0xFF);

    [Fact]
    public void Configuration_mechanism_trace_matches_qemu()
    {
        using var probe = new BootSectorProbe();
        var bus = new PciBus();
        bus.Add(0, 0, new I440FxHostBridge());
        probe.Ports.Map(PciHostBridge.BasePort, PciHostBridge.PortCount,
            new PciHostBridge(bus, new ResetControlRegister(() => Assert.Fail("the probe must not reset"))), "PCI");
        probe.RunAndCompare(QemuPciTrace.BootSector, QemuPciTrace.DebugconTrace, NarrowAddressReads);
    }
}
