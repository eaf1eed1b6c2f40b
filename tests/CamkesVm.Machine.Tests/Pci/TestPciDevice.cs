using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Tests.Pci;

/// <summary>A function shaped like an 82574L NIC: a 128 KiB memory BAR0, a 32-port I/O BAR2, INTA, two capabilities.</summary>
internal sealed class TestPciDevice : PciFunction
{
    public sealed class Window : IBusDevice
    {
        public readonly List<(uint Offset, uint Value)> Writes = [];
        public uint Read(uint offset, int size) => 0xA000_0000 | offset;
        public void Write(uint offset, uint value, int size) => Writes.Add((offset, value));
    }

    public readonly Window Registers = new(), Ports = new();
    public readonly List<(int Offset, int Size)> ConfigWrites = [];
    public readonly int PowerCapability, MsiCapability;

    public TestPciDevice() : base("test NIC", 0x8086, 0x10D3, classCode: 0x02_00_00, revision: 0, 0x8086, 0x0000)
    {
        Memory = DefineMemoryBar(0, 128 * 1024, Registers);
        Io = DefineIoBar(2, 32, Ports);
        SetInterruptPin(1);
        PowerCapability = AddCapability(0x01, 8);
        MsiCapability = AddCapability(0x05, 14);
        SetWritable(MsiCapability + 2, 2, 0x0001); // MSI enable bit
    }

    public PciBar Memory { get; }
    public PciBar Io { get; }

    public void RaiseIntx(bool asserted) => SetInterrupt(asserted);

    /// <summary>The device reporting errors: sets status bits as hardware does.</summary>
    public void ReportStatus(ushort bits) => Set16(0x06, (ushort)(Get16(0x06) | bits));

    protected override void OnConfigWritten(int offset, int size) => ConfigWrites.Add((offset, size));
}
