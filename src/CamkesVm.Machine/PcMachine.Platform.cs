using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Interrupts;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine;

/// <summary>
/// The platform devices of the PC, at the addresses of QEMU's <c>pc</c> machine and of real boards:
/// PIC pair, I/O APIC and local APIC (through the interrupt router), PIT with port 0x61, RTC/CMOS, PCI host bridge, ACPI PM block, COM1 on IRQ 4, POST port, port 0x92, 8042 reset, isa-debug-exit, 0xE9 console.
/// </summary>
public sealed partial class PcMachine
{
    private InterruptRouter _interrupts = null!;
    private Uart16550 _com1 = null!;
    private PciWindowMapper _pciWindows = null!;
    private readonly List<Acpi.PciInterruptRoute> _pciRoutes = [];

    /// <summary>PCI bus 0 (the host bridge at 00:00.0; boards add their devices).</summary>
    public PciBus Pci { get; private set; } = null!;

    /// <summary>Guest-physical address of the ACPI RSDP (0: no ACPI tables).</summary>
    public uint AcpiRsdp { get; private set; }

    private void BuildPlatform()
    {
        _interrupts = new InterruptRouter(Clock, Log) { InterruptPending = Cpu.NotifyInterrupt };
        _interrupts.MapDevices(Ports, Mmio);
        Cpu.InterruptController = _interrupts;
        Cpu.HasLocalApic = true;

        new Pit8254(Clock, IsaIrq(0)).MapDevices(Ports);
        _com1 = new Uart16550(IsaIrq(4), b => SerialOutput?.Invoke(b));
        Ports.Map(0x3F8, 8, _com1, "COM1 16550A");
        var cmos = new Cmos146818(Clock, _options.RtcStart, IsaIrq(8));
        cmos.SetMemorySize(Memory.RamSize);
        Ports.Map(0x70, 2, cmos, "RTC/CMOS MC146818A");
        Pci = new PciBus();
        _pciWindows = new PciWindowMapper(Ports, Mmio, Log);
        Pci.Add(0, 0, new I440FxHostBridge());
        Ports.Map(PciHostBridge.BasePort, PciHostBridge.PortCount, new PciHostBridge(Pci, new ResetControlRegister(GuestReset)), "PCI host bridge");
        Ports.Map(AcpiPm.BasePort, AcpiPm.PortCount, new AcpiPm(Clock, IsaIrq(AcpiPm.SciIrq), () =>
            RequestExit(new MachineExit(MachineExitKind.PowerOff, 0, "guest powered off (ACPI S5)"))), "ACPI PM1 block and PM timer");
        Ports.Map(0x80, 1, new PostCodePort(), "POST code port");
        Ports.Map(0x92, 1, new SystemControlPortA(GuestReset), "system control port A");
        Ports.Map(0x64, 1, new KeyboardControllerReset(GuestReset), "8042 keyboard controller");
        Ports.Map(IsaDebugExit.Port, 1, new IsaDebugExit(status =>
            RequestExit(new MachineExit(MachineExitKind.DebugExit, status, $"guest exited through isa-debug-exit with status {status}"))), "isa-debug-exit");
        Ports.Map(DebugConsolePort.Port, 1, new DebugConsolePort(b => DebugConsoleOutput?.Invoke(b)), "debug console");
    }

    private void GuestReset() =>
        RequestExit(new MachineExit(MachineExitKind.Reset, 0, "guest rebooted the machine; stopping (as qemu -no-reboot)"));

    private IInterruptLine IsaIrq(int irq) => _interrupts.Line(irq);

    /// <summary>The interrupt line <paramref name="irq"/> (0–15 on the PIC pair and IO-APIC pins 0–23).</summary>
    public IInterruptLine IrqLine(int irq) => _interrupts.Line(irq);

    /// <summary>
    /// Plugs <paramref name="function"/> into bus 0 at <paramref name="device"/>.<paramref name="fn"/>, as firmware
    /// would: its INTx drives <paramref name="irq"/> and the Interrupt Line register says so (Linux without an
    /// interrupt routing table takes the line from there), and its BAR windows follow what the guest programs.
    /// </summary>
    public void AddPciDevice(int device, int fn, PciFunction function, int irq)
    {
        Pci.Add(device, fn, function);
        function.IntxLine = IrqLine(irq);
        function.WriteConfig(PciConfigRegisters.InterruptLine, (uint)irq, 1);
        _pciWindows.Attach(function);
        AddInterruptRoute(device, function, irq);
    }

    /// <summary>
    /// Records, for the DSDT's _PRT, that the INTx pin <paramref name="function"/> declares (Interrupt Pin register) on
    /// device number <paramref name="device"/> drives guest line <paramref name="line"/>; functions without a pin
    /// or with a line beyond the PIC's 0–15 get no route.
    /// </summary>
    private void AddInterruptRoute(int device, PciFunction function, int line)
    {
        uint pin = function.ReadConfig(PciConfigRegisters.InterruptPin, 1);
        if (line is >= 0 and <= 15 && pin is >= 1 and <= 4) _pciRoutes.Add(new Acpi.PciInterruptRoute(device, (int)pin - 1, line));
    }

    /// <summary>Writes the ACPI tables for the devices plugged in now (called when the guest is loaded).</summary>
    private void WriteAcpiTables() => AcpiRsdp = Acpi.AcpiTables.Write(Memory, new Acpi.AcpiPlatform(Memory.RamSize, [.. _pciRoutes]));

    private readonly List<Action> _deviceServices = [];

    /// <summary>
    /// Adds work the machine thread runs before every time slice, e.g. a network card moving frames its backend
    /// queued (from another thread) into guest memory. Call while building the machine.
    /// </summary>
    public void AddDeviceService(Action service) => _deviceServices.Add(service ?? throw new ArgumentNullException(nameof(service)));

    /// <summary>Wakes a halted guest's idle wait so device services run now (thread-safe), e.g. when a frame arrived.</summary>
    public void Wake() => _wake.Set();

    private void ServiceDevices()
    {
        _com1.Service();
        foreach (var service in _deviceServices) service();
    }

    /// <summary>Bytes typed by the user for COM1 (thread-safe).</summary>
    public void SendSerialInput(byte[] data)
    {
        _com1.EnqueueInput(data);
        _wake.Set();
    }
}
