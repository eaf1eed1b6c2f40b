using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CamkesVm.X86.Memory;

/// <summary>
/// The guest-physical address space (4 GiB) as seen by the CPU: a table of 4 KiB pages, each either
/// backed by host memory (RAM, or a shared region mapped over RAM such as a dataport) or routed to the
/// <see cref="IMmioHandler"/>. Guest RAM is allocated here, outside the GC heap, so its address is stable
/// and the CPU's TLB can hold direct host pointers. Nothing the guest does can reach host memory
/// outside the pages registered here: every host pointer covers exactly one 4 KiB page, and
/// accesses that cross a page boundary are split by the CPU.
/// </summary>
public sealed unsafe class PhysicalMemory : IDisposable
{
    /// <summary>Size of a page in bytes.</summary>
    public const int PageSize = 4096;
    private const int PageCount = 1 << 20;

    private readonly nint[] _pages = new nint[PageCount];
    private readonly List<(nint Pointer, nuint Bytes)> _ownedBlocks = [];
    private long _generation;

    /// <summary>Creates an address space with <paramref name="ramBytes"/> of zeroed RAM at address 0.</summary>
    public PhysicalMemory(uint ramBytes, IMmioHandler? mmio = null)
    {
        if (ramBytes % PageSize != 0)
            throw new ArgumentException($"RAM size {ramBytes} is not a multiple of {PageSize} bytes", nameof(ramBytes));
        RamSize = ramBytes;
        Mmio = mmio ?? OpenBusMmio.Instance;
        if (ramBytes > 0)
        {
            Ram = AllocateZeroed(ramBytes);
            MapHost(0, Ram, ramBytes);
        }
    }

    /// <summary>Bytes of RAM starting at guest-physical 0.</summary>
    public uint RamSize { get; }

    /// <summary>Host address of guest RAM (guest-physical 0).</summary>
    public byte* Ram { get; }

    /// <summary>Where accesses outside host-backed pages go.</summary>
    public IMmioHandler Mmio { get; set; }

    /// <summary>Incremented whenever the page map changes, so CPUs know to flush their TLBs.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>RAM as a span (for loaders and tests).</summary>
    public Span<byte> RamSpan => new(Ram, checked((int)RamSize));

    /// <summary>Host pointer of the page holding <paramref name="address"/>, or null for MMIO.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* HostPage(uint address) => (byte*)_pages[address >> 12];

    /// <summary>Maps <paramref name="bytes"/> of host memory at guest-physical <paramref name="address"/>.</summary>
    public void MapHost(uint address, byte* host, uint bytes)
    {
        CheckRange(address, bytes);
        for (uint off = 0; off < bytes; off += PageSize)
            _pages[(address + off) >> 12] = (nint)(host + off);
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Routes the range to MMIO again, e.g. after a remapping is removed.</summary>
    public void Unmap(uint address, uint bytes)
    {
        CheckRange(address, bytes);
        for (uint off = 0; off < bytes; off += PageSize)
            _pages[(address + off) >> 12] = 0;
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Restores RAM pages in the range (undoing <see cref="MapHost"/> over RAM).</summary>
    public void RestoreRam(uint address, uint bytes)
    {
        CheckRange(address, bytes);
        for (uint off = 0; off < bytes; off += PageSize)
        {
            uint a = address + off;
            _pages[a >> 12] = a < RamSize ? (nint)(Ram + a) : 0;
        }
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Allocates zeroed, page-aligned host memory owned (and freed) by this object.</summary>
    public byte* AllocateZeroed(uint bytes)
    {
        var p = (byte*)NativeMemory.AlignedAlloc(bytes, PageSize);
        NativeMemory.Clear(p, bytes);
        _ownedBlocks.Add(((nint)p, bytes));
        return p;
    }

    /// <summary>Reads a byte of guest-physical memory (RAM or MMIO).</summary>
    public byte ReadByte(uint address)
    {
        byte* page = HostPage(address);
        return page != null ? page[address & 0xFFF] : (byte)Mmio.Read(address, 1);
    }

    /// <summary>Writes a byte of guest-physical memory (RAM or MMIO).</summary>
    public void WriteByte(uint address, byte value)
    {
        byte* page = HostPage(address);
        if (page != null) page[address & 0xFFF] = value;
        else Mmio.Write(address, value, 1);
    }

    /// <summary>Copies bytes into guest-physical memory, page by page (loaders, tests).</summary>
    public void Write(uint address, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++) WriteByte(address + (uint)i, data[i]);
    }

    /// <summary>Copies bytes out of guest-physical memory.</summary>
    public void Read(uint address, Span<byte> data)
    {
        for (int i = 0; i < data.Length; i++) data[i] = ReadByte(address + (uint)i);
    }

    /// <summary>Reads a little-endian dword of guest-physical memory.</summary>
    public uint ReadUInt32(uint address)
    {
        Span<byte> b = stackalloc byte[4];
        Read(address, b);
        return BitConverter.ToUInt32(b);
    }

    /// <summary>Writes a little-endian dword of guest-physical memory.</summary>
    public void WriteUInt32(uint address, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        Write(address, b);
    }

    private static void CheckRange(uint address, uint bytes)
    {
        if (address % PageSize != 0 || bytes % PageSize != 0)
            throw new ArgumentException($"range 0x{address:x}+0x{bytes:x} is not page-aligned");
        if ((ulong)address + bytes > 1UL << 32)
            throw new ArgumentException($"range 0x{address:x}+0x{bytes:x} is beyond 4 GiB");
    }

    /// <summary>Frees the host memory owned by this address space.</summary>
    public void Dispose()
    {
        Array.Clear(_pages);
        foreach (var (p, _) in _ownedBlocks) NativeMemory.AlignedFree((void*)p);
        _ownedBlocks.Clear();
    }
}
