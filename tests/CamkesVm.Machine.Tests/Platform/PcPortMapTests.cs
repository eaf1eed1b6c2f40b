using CamkesVm.Machine.Acpi;
using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;
using CamkesVm.Machine.Pci;
using CamkesVm.Machine.Tests.Support;
using CamkesVm.Machine.Time;
using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Machine.Tests.Platform;

/// <summary>
/// All platform devices at their PC ports on one bus (mapping throws on any overlap), driven by real x86
/// code on our CPU: a tiny real-mode "kernel" that sets up COM1 as Linux's 8250 driver does, prints over it,
/// reads the host bridge's IDs through 0xCF8/0xCFC, finds the RSDP, and reports through isa-debug-exit.
/// </summary>
public sealed class PcPortMapTests : IDisposable
{
    private const uint CodeBase = 0x1000, ResultBase = 0x600;

    private readonly PhysicalMemory _memory = new(1 << 20);
    private readonly PortBus _ports = new();
    private readonly Cpu _cpu;
    private readonly List<byte> _serial = [];
    private readonly List<string> _unclaimed = [];
    private int? _exitStatus;
    private int _resets, _powerOffs;

    public PcPortMapTests()
    {
        _cpu = new Cpu(_memory, _ports);
        var clock = new MachineClock(TimeMode.Virtual, () => 0);
        var bus = new PciBus();
        bus.Add(0, 0, new I440FxHostBridge());
        _ports.Unclaimed = _unclaimed.Add;
        _ports.Map(0x3F8, 8, new Uart16550(new RecordingLine(), _serial.Add), "COM1");
        _ports.Map(0x80, 1, new PostCodePort(), "POST");
        _ports.Map(0x92, 1, new SystemControlPortA(() => _resets++), "port 92");
        _ports.Map(0x64, 1, new KeyboardControllerReset(() => _resets++), "8042");
        _ports.Map(IsaDebugExit.Port, 4, new IsaDebugExit(s => _exitStatus = s), "isa-debug-exit");
        _ports.Map(DebugConsolePort.Port, 1, new DebugConsolePort(_ => { }), "debugcon");
        _ports.Map(AcpiPm.BasePort, AcpiPm.PortCount, new AcpiPm(clock, new RecordingLine(), () => _powerOffs++), "ACPI PM");
        _ports.Map(PciHostBridge.BasePort, PciHostBridge.PortCount,
            new PciHostBridge(bus, new ResetControlRegister(() => _resets++)), "PCI");
        AcpiTables.Write(_memory);
    }

    public void Dispose()
    {
        _cpu.Dispose();
        _memory.Dispose();
    }

    [Fact]
    public void Real_mode_program_prints_over_com1_reads_pci_ids_and_exits_through_0xF4()
    {
        var a = new Assembler(16);
        var done = a.CreateLabel();
        // 8250 set-up: 115200 8N1 (divisor 1), FIFOs on with trigger 8, OUT2|RTS|DTR.
        Out(a, 0x3FB, 0x83); Out(a, 0x3F8, 0x01); Out(a, 0x3F9, 0x00); Out(a, 0x3FB, 0x03);
        Out(a, 0x3FA, 0x87); Out(a, 0x3FC, 0x0B);
        foreach (char c in "OK\n")
        {
            var wait = a.CreateLabel();
            a.Label(ref wait);
            a.mov(dx, 0x3FD); a.@in(al, dx); a.test(al, 0x20); a.jz(wait); // poll LSR.THRE
            a.mov(dx, 0x3F8); a.mov(al, (byte)c); a.@out(dx, al);
        }
        // PCI 00:00.0 register 0 through mechanism #1, stored at ResultBase; device ID again via 0xCFE.
        a.mov(dx, 0xCF8); a.mov(eax, 0x8000_0000); a.@out(dx, eax);
        a.mov(dx, 0xCFC); a.@in(eax, dx); a.mov(__dword_ptr[ResultBase], eax);
        a.mov(dx, 0xCFE); a.@in(ax, dx); a.mov(__word_ptr[ResultBase + 4], ax);
        // Linux's ACPI scan: the first 16-byte aligned "RSD " in 0xE000:0000-0xF000:FFFF; segment stored.
        var scan = a.CreateLabel();
        a.mov(ax, 0xE000); a.mov(es, ax);
        a.Label(ref scan);
        a.cmp(__dword_ptr.es[0], 0x2044_5352); // "RSD " little-endian
        a.je(done);
        a.mov(ax, es); a.inc(ax); a.mov(es, ax); a.jmp(scan);
        a.Label(ref done);
        a.mov(ax, es); a.mov(__word_ptr[ResultBase + 6], ax);
        Out(a, 0xF4, 0x10);
        a.hlt();
        Load(a);

        Assert.Equal(ExitReason.Halted, _cpu.Run(1_000_000));
        Assert.Equal("OK\n", System.Text.Encoding.ASCII.GetString([.. _serial]));
        Assert.Equal(0x1237_8086u, _memory.ReadUInt32(ResultBase));
        Assert.Equal(0x1237u, _memory.ReadUInt32(ResultBase + 4) & 0xFFFF);
        Assert.Equal(AcpiTables.DefaultAddress >> 4, _memory.ReadUInt32(ResultBase + 6) & 0xFFFF);
        Assert.Equal(0x21, _exitStatus);
        Assert.Empty(_unclaimed);
        Assert.Equal((0, 0), (_resets, _powerOffs));
    }

    [Theory]
    [InlineData(0x64, 0xFE)] // reboot=k
    [InlineData(0xCF9, 0x06)] // reboot=pci, and the FADT reset register
    [InlineData(0x92, 0x01)] // fast reset
    public void Each_linux_reboot_path_resets(int port, int value)
    {
        var a = new Assembler(16);
        Out(a, (ushort)port, (byte)value);
        a.hlt();
        Load(a);
        _cpu.Run(1000);
        Assert.Equal(1, _resets);
    }

    [Fact]
    public void Acpi_soft_off_write_powers_off()
    {
        var a = new Assembler(16);
        a.mov(dx, 0x604); a.mov(ax, 5 << 10 | 0x2000); a.@out(dx, ax);
        a.hlt();
        Load(a);
        _cpu.Run(1000);
        Assert.Equal(1, _powerOffs);
    }

    private static void Out(Assembler a, ushort port, byte value)
    {
        a.mov(dx, port);
        a.mov(al, value);
        a.@out(dx, al);
    }

    private void Load(Assembler a)
    {
        _memory.Write(CodeBase, AssembledCode.Bytes(a, CodeBase));
        _cpu.SetSegment(SegReg.CS, 0, 0, 0xFFFF, 0x9B);
        _cpu.Eip = CodeBase;
    }
}
