using CamkesVm.Machine.Bus;
using static CamkesVm.Machine.Pci.PciConfigRegisters;

namespace CamkesVm.Machine.Pci;

/// <summary>
/// Base address registers (PCI 3.0 §6.2.5.1). The address bits below the window size are read-only zero, so
/// writing all ones and reading back yields the size mask with the type bits. A window is decoded while its
/// Command space bit is set and its base is non-zero (and, for I/O, inside the 64 KiB port space);
/// every change of the decoded window is reported through <see cref="BarChanged"/>.
/// </summary>
public partial class PciFunction
{
    private const uint IoSpaceBit = 0x1, PrefetchableBit = 0x8;
    private readonly PciBar?[] _bars = new PciBar?[6];

    /// <summary>The six BAR slots (null where the function has none).</summary>
    public IReadOnlyList<PciBar?> Bars => _bars;

    /// <summary>
    /// Called when a BAR window appears, moves or disappears, so the board can remap the handler. While the
    /// guest sizes a BAR with decoding enabled the window can briefly sit at the all-ones address, as on hardware.
    /// </summary>
    public Action<PciBarChange>? BarChanged { get; set; }

    /// <summary>Declares a 32-bit memory BAR of <paramref name="size"/> bytes (a power of two, at least 16).</summary>
    protected PciBar DefineMemoryBar(int index, uint size, IBusDevice handler, bool prefetchable = false)
    {
        if (size < 16 || !uint.IsPow2(size))
            throw new ArgumentOutOfRangeException(nameof(size), $"{Name}: a memory BAR is a power of two of at least 16 bytes, not 0x{size:x}");
        var bar = AddBar(index, PciBarKind.Memory32, size, prefetchable, handler);
        Set32(Bar0 + 4 * index, prefetchable ? PrefetchableBit : 0);
        SetWritable(Bar0 + 4 * index, 4, ~(size - 1));
        return bar;
    }

    /// <summary>Declares an I/O BAR of <paramref name="size"/> ports (a power of two, 4 to 256).</summary>
    protected PciBar DefineIoBar(int index, uint size, IBusDevice handler)
    {
        if (size is < 4 or > 256 || !uint.IsPow2(size))
            throw new ArgumentOutOfRangeException(nameof(size), $"{Name}: an I/O BAR is a power of two of 4 to 256 ports, not {size}");
        var bar = AddBar(index, PciBarKind.Io, size, false, handler);
        Set32(Bar0 + 4 * index, IoSpaceBit);
        SetWritable(Bar0 + 4 * index, 4, ~(size - 1) & 0xFFFF_FFFC);
        return bar;
    }

    /// <summary>The base address programmed in a BAR (type bits removed).</summary>
    public uint BarBase(PciBar bar) => Get32(Bar0 + 4 * bar.Index) & ~(bar.Size - 1);

    private PciBar AddBar(int index, PciBarKind kind, uint size, bool prefetchable, IBusDevice handler)
    {
        if ((uint)index > 5) throw new ArgumentOutOfRangeException(nameof(index), $"{Name}: BAR index {index} is not 0-5");
        if (_bars[index] != null) throw new InvalidOperationException($"{Name}: BAR{index} is already defined");
        ArgumentNullException.ThrowIfNull(handler);
        return _bars[index] = new PciBar(this, index, kind, size, prefetchable, handler);
    }

    private void UpdateBarDecoding()
    {
        foreach (var bar in _bars)
        {
            if (bar == null) continue;
            uint? decoded = DecodedBase(bar);
            if (decoded == bar.DecodedBase) continue;
            var change = new PciBarChange(bar, bar.DecodedBase, decoded);
            bar.DecodedBase = decoded;
            BarChanged?.Invoke(change);
        }
    }

    private uint? DecodedBase(PciBar bar)
    {
        ushort enable = bar.Kind == PciBarKind.Io ? CommandIoSpace : CommandMemorySpace;
        if ((CommandRegister & enable) == 0) return null;
        uint b = BarBase(bar);
        if (b == 0) return null;
        if (bar.Kind == PciBarKind.Io && (ulong)b + bar.Size > 0x1_0000) return null;
        return b;
    }
}
