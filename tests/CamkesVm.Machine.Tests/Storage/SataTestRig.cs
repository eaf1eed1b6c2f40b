using System.Buffers.Binary;
using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Interrupts;
using CamkesVm.Machine.Pci;
using CamkesVm.Machine.Storage;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Storage;

/// <summary>A PCH SATA controller over memory disks, with guest RAM for DMA and a recorded INTx wire.</summary>
internal sealed class SataTestRig : IDisposable
{
    public sealed class Wire : IInterruptLine
    {
        public bool Level;
        public int Rises;
        public void Set(bool asserted)
        {
            if (asserted && !Level) Rises++;
            Level = asserted;
        }
    }

    public readonly PhysicalMemory Memory = new(16 << 20);
    public readonly MemoryDisk Disk = new(4096);
    public readonly Wire Intx = new();
    public readonly PchSataController Controller;

    public SataTestRig(SataMode mode)
    {
        for (int i = 0; i < Disk.Bytes.Length; i++) Disk.Bytes[i] = (byte)(i * 7 + i / 512);
        Controller = new PchSataController(mode, [Disk], Memory) { IntxLine = Intx };
        Controller.WriteConfig(PciConfigRegisters.Command, 0x0007, 2);
    }

    public uint Read32(uint address) => Memory.ReadUInt32(address);

    public void Write32(uint address, uint value) => Memory.WriteUInt32(address, value);

    public byte[] ReadRam(uint address, int length)
    {
        var b = new byte[length];
        Memory.Read(address, b);
        return b;
    }

    public static ushort Word(byte[] data, int index) => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2 * index));

    /// <summary>An ATA string from IDENTIFY words (high byte first).</summary>
    public static string AtaString(byte[] data, int first, int words)
    {
        var chars = new char[2 * words];
        for (int i = 0; i < words; i++)
        {
            ushort w = Word(data, first + i);
            chars[2 * i] = (char)(w >> 8);
            chars[2 * i + 1] = (char)(w & 0xFF);
        }
        return new string(chars).TrimEnd();
    }

    public void Dispose() => Memory.Dispose();
}
