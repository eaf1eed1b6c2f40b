using System.Buffers.Binary;
using CamkesVm.Machine.Devices.Net;
using CamkesVm.Machine.Net;
using CamkesVm.Machine.Pci;
using CamkesVm.Machine.Tests.Platform;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>A backend that records what the card sends and lets a test inject frames.</summary>
internal sealed class RecordingBackend : INetworkBackend
{
    public readonly List<byte[]> Sent = [];
    public IFrameReceiver? Receiver { get; private set; }
    public void Attach(IFrameReceiver receiver) => Receiver = receiver;
    public void Send(ReadOnlySpan<byte> frame) => Sent.Add(frame.ToArray());
    public void EndOfTransmit() => BatchEnds.Add(Sent.Count);
    /// <summary>How many frames had been sent at each end of a transmit batch.</summary>
    public readonly List<int> BatchEnds = [];
    public void Dispose() { }
}

/// <summary>
/// An 82574L on 4 MiB of guest RAM with decoding and bus mastering enabled, driven as e1000e does: 32-bit
/// register accesses through BAR0, descriptor rings and buffers placed in RAM by the test.
/// </summary>
internal sealed class NicHarness : IDisposable
{
    public const uint TxRing = 0x10000, RxRing = 0x20000, TxBuffers = 0x100000, RxBuffers = 0x200000;
    public readonly PhysicalMemory Memory = new(4 << 20);
    public readonly RecordingBackend Backend = new();
    public readonly RecordingLine Line = new();
    public readonly Intel82574L Nic;

    public NicHarness(MacAddress? mac = null, INetworkBackend? backend = null)
    {
        Nic = new Intel82574L(backend ?? Backend, Memory, mac is { } m ? new Intel82574LOptions { Mac = m } : null) { IntxLine = Line };
        Nic.WriteConfig(PciConfigRegisters.Command, PciConfigRegisters.CommandMemorySpace | PciConfigRegisters.CommandIoSpace | PciConfigRegisters.CommandBusMaster, 2);
    }

    public uint Read(int offset) => Nic.Bars[0]!.Handler.Read((uint)offset, 4);
    public void Write(int offset, uint value) => Nic.Bars[0]!.Handler.Write((uint)offset, value, 4);

    public uint ReadRam(uint address) => Memory.ReadUInt32(address);

    /// <summary>A ring of <paramref name="count"/> descriptors, transmit enabled, head and tail 0.</summary>
    public void SetUpTransmit(int count)
    {
        Write(0x3800, TxRing); Write(0x3804, 0); Write(0x3808, (uint)(count * 16));
        Write(0x3810, 0); Write(0x3818, 0);
        Write(0x0400, 0x0000_000A); // TCTL: EN, PSP
    }

    /// <summary>A legacy descriptor (§7.2.10.1) at ring slot <paramref name="slot"/>.</summary>
    public void LegacyTx(int slot, uint buffer, int length, byte cmd, byte cso = 0, byte css = 0)
    {
        Span<byte> d = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(d, buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(d[8..], (ushort)length);
        d[10] = cso; d[11] = cmd; d[13] = css;
        Memory.Write(TxRing + (uint)slot * 16, d);
    }

    /// <summary>Raw 16 bytes at a ring slot (context and data descriptors).</summary>
    public void RawTx(int slot, ReadOnlySpan<byte> descriptor) => Memory.Write(TxRing + (uint)slot * 16, descriptor);

    /// <summary>A receive ring of <paramref name="count"/> descriptors whose buffers are 2 KiB apart; tail left at <paramref name="tail"/>.</summary>
    public void SetUpReceive(int count, uint rctl, bool extended, int tail)
    {
        for (int i = 0; i < count; i++)
        {
            Memory.WriteUInt32(RxRing + (uint)i * 16, RxBuffers + (uint)i * 2048);
            Memory.WriteUInt32(RxRing + (uint)i * 16 + 4, 0);
            Memory.WriteUInt32(RxRing + (uint)i * 16 + 8, 0);
            Memory.WriteUInt32(RxRing + (uint)i * 16 + 12, 0);
        }
        Write(0x5008, extended ? 1u << 15 : 0);
        Write(0x2800, RxRing); Write(0x2804, 0); Write(0x2808, (uint)(count * 16));
        Write(0x2810, 0); Write(0x2818, (uint)tail);
        Write(0x0100, rctl);
    }

    public byte[] RamBytes(uint address, int length)
    {
        var b = new byte[length];
        Memory.Read(address, b);
        return b;
    }

    public void Dispose() => Memory.Dispose();
}
