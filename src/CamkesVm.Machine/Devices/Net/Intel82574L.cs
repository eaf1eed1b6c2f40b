using System.Collections.Concurrent;
using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Net;
using CamkesVm.Machine.Pci;
using CamkesVm.X86.Memory;
using static CamkesVm.Machine.Devices.Net.Intel82574LRegisters;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// The Intel 82574L Gigabit Ethernet controller (Intel 82574 GbE Controller Family Datasheet), as Linux's
/// <c>e1000e</c> driver uses it with legacy INTx: PCI identity 8086:10D3 class 02:00:00 (§9.3), BAR0 with the
/// 128 KiB register space, BAR2 with the IOADDR/IODATA window (§10.1.3), BAR3 with the MSI-X table; the NVM
/// through EERD (§10.2.2.4), the PHY through MDIC (§10.2.2.7), transmit and receive rings (§7.1, §7.2) and
/// the interrupt cause/mask registers (§10.2.4). Frames go to and come from an <see cref="INetworkBackend"/>;
/// descriptors and buffers are read and written in guest-physical memory.
/// <para>Register accesses, <see cref="Service"/> and reset happen on the machine thread; <see cref="Receive"/>
/// may be called from any thread and then calls <see cref="Wake"/> so the machine serves the frame.</para>
/// </summary>
public sealed partial class Intel82574L : PciFunction, IFrameReceiver
{
    /// <summary>Intel's vendor ID and the 82574L device ID.</summary>
    public const ushort IntelVendorId = 0x8086, DeviceId82574L = 0x10D3;
    private const int CsrSize = 0x2_0000, MsixSize = 0x4000, IoSize = 0x20;

    private readonly INetworkBackend _backend;
    private readonly PhysicalMemory _memory;
    private readonly Intel82574LOptions _options;
    private readonly Intel82574LNvm _nvm;
    private readonly Intel82574LPhy _phy = new();
    private readonly uint[] _csr = new uint[CsrSize / 4];
    private readonly ConcurrentQueue<byte[]> _received = new();
    private int _queued;
    private long _dropped;

    /// <summary>Creates the card on <paramref name="backend"/>, doing DMA in <paramref name="memory"/>; BARs preset from the options.</summary>
    public Intel82574L(INetworkBackend backend, PhysicalMemory memory, Intel82574LOptions? options = null)
        : base("Intel 82574L", IntelVendorId, DeviceId82574L, classCode: 0x02_00_00, revision: 0,
               (options ?? new()).SubsystemVendorId, (options ?? new()).SubsystemId)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _memory = memory ?? throw new ArgumentNullException(nameof(memory));
        _options = options ?? new Intel82574LOptions();
        Span<byte> mac = stackalloc byte[6];
        _options.Mac.CopyTo(mac);
        _nvm = new Intel82574LNvm(mac, DeviceId82574L, _options.SubsystemId, _options.SubsystemVendorId);
        DefineMemoryBar(0, CsrSize, new CsrWindow(this));
        DefineIoBar(2, IoSize, new IoWindow(this));
        DefineMemoryBar(3, MsixSize, new MsixWindow());
        Set32(PciConfigRegisters.Bar0, _options.CsrBase);
        Set32(PciConfigRegisters.Bar0 + 8, _options.IoBase | 1u);
        Set32(PciConfigRegisters.Bar0 + 12, _options.MsixBase);
        SetInterruptPin(1);
        ResetRegisters();
        _backend.Attach(this);
    }

    /// <summary>The Ethernet address in the NVM.</summary>
    public MacAddress Mac => _options.Mac;

    /// <summary>Called (from any thread) when a frame is queued for the guest: wake the machine so it calls <see cref="Service"/>.</summary>
    public Action? Wake { get; set; }

    /// <summary>Device diagnostics (guest mistakes such as a ring outside RAM).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Frames dropped because the guest had no receive descriptors for too long.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Queues a frame for the guest (thread-safe).</summary>
    public void Receive(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14) return;
        if (Interlocked.Increment(ref _queued) > _options.ReceiveQueueLimit)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }
        _received.Enqueue(frame.ToArray());
        Wake?.Invoke();
    }

    /// <summary>Moves queued frames into the guest's receive ring while it has descriptors (machine thread).</summary>
    public void Service()
    {
        while (_received.TryPeek(out var frame))
        {
            var outcome = DeliverFrame(frame);
            if (outcome == Delivery.NoDescriptors) break;
            _received.TryDequeue(out _);
            Interlocked.Decrement(ref _queued);
        }
    }

    private void ResetRegisters()
    {
        Array.Clear(_csr);
        _csr[Ctrl / 4] = 0x0000_0241; // full duplex, set link up, 1000 Mb/s
        _csr[Eecd / 4] = EecdPresent | EecdAutoReadDone;
        _csr[Eemngctl / 4] = EemngctlConfigDone0;
        _csr[Pba / 4] = 0x0014_0014;
        _csr[Ral0 / 4] = (uint)_nvm.Read(0) | (uint)_nvm.Read(1) << 16;
        _csr[Rah0 / 4] = _nvm.Read(2) | RahAddressValid;
        _csr[Itr / 4] = 0;
        _txLength = 0;
        while (_received.TryDequeue(out _)) Interlocked.Decrement(ref _queued);
        UpdateInterrupt();
    }

    private void UpdateInterrupt() => SetInterrupt((_csr[Icr / 4] & _csr[Ims / 4]) != 0);

    private void RaiseCause(uint causes)
    {
        _csr[Icr / 4] |= causes;
        UpdateInterrupt();
    }

    private void Report(string message) => Log?.Invoke($"{Name}: {message}");

    /// <summary>BAR0: the CSR space.</summary>
    private sealed class CsrWindow(Intel82574L nic) : IBusDevice
    {
        public uint Read(uint offset, int size) => Narrow(nic.ReadRegister((int)(offset & ~3u)), offset, size);

        public void Write(uint offset, uint value, int size) => nic.WriteRegister((int)(offset & ~3u), Widen(nic, offset, value, size));
    }

    /// <summary>BAR2: IOADDR at 0 selects a CSR, IODATA at 4 reads or writes it (§10.1.3.1).</summary>
    private sealed class IoWindow(Intel82574L nic) : IBusDevice
    {
        private uint _address;

        public uint Read(uint offset, int size) => offset switch
        {
            0 => Narrow(_address, 0, size),
            4 when _address < CsrSize => Narrow(nic.ReadRegister((int)(_address & ~3u)), 0, size),
            _ => size == 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1,
        };

        public void Write(uint offset, uint value, int size)
        {
            if (offset == 0 && size == 4) _address = value & 0x1_FFFC;
            else if (offset == 4 && size == 4 && _address < CsrSize) nic.WriteRegister((int)_address, value);
        }
    }

    /// <summary>BAR3: the MSI-X table and PBA (unused with legacy interrupts; stores what is written).</summary>
    private sealed class MsixWindow : IBusDevice
    {
        private readonly uint[] _words = new uint[MsixSize / 4];

        public uint Read(uint offset, int size) => Narrow(_words[(offset & (MsixSize - 1)) >> 2], offset, size);

        public void Write(uint offset, uint value, int size)
        {
            if (size == 4) _words[(offset & (MsixSize - 1)) >> 2] = value;
        }
    }

    private static uint Narrow(uint dword, uint offset, int size)
    {
        uint v = dword >> (int)(8 * (offset & 3));
        return size == 4 ? v : v & ((1u << (8 * size)) - 1);
    }

    private static uint Widen(Intel82574L nic, uint offset, uint value, int size)
    {
        if (size == 4) return value;
        int shift = (int)(8 * (offset & 3));
        uint mask = ((1u << (8 * size)) - 1) << shift;
        return (nic._csr[(offset & (CsrSize - 4)) >> 2] & ~mask) | ((value << shift) & mask);
    }
}
