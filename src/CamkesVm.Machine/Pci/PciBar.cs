using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Pci;

/// <summary>What address space a base address register claims (PCI 3.0 §6.2.5.1).</summary>
public enum PciBarKind
{
    /// <summary>A 32-bit memory BAR (type 00b), decoded when Command.Memory Space is set.</summary>
    Memory32,
    /// <summary>An I/O BAR, decoded when Command.I/O Space is set.</summary>
    Io,
}

/// <summary>
/// One base address register of a <see cref="PciFunction"/>: its kind and size (a power of two), the device
/// that answers accesses inside the window, and where the window is decoded now.
/// </summary>
public sealed class PciBar
{
    internal PciBar(PciFunction function, int index, PciBarKind kind, uint size, bool prefetchable, IBusDevice handler)
    {
        Function = function;
        Index = index;
        Kind = kind;
        Size = size;
        Prefetchable = prefetchable;
        Handler = handler;
    }

    /// <summary>The function the BAR belongs to.</summary>
    public PciFunction Function { get; }

    /// <summary>BAR number 0-5 (configuration offset 0x10 + 4 × index).</summary>
    public int Index { get; }

    /// <summary>Memory or I/O.</summary>
    public PciBarKind Kind { get; }

    /// <summary>Bytes of the window.</summary>
    public uint Size { get; }

    /// <summary>The prefetchable bit of a memory BAR.</summary>
    public bool Prefetchable { get; }

    /// <summary>The device that answers accesses in the window, at offsets relative to the base.</summary>
    public IBusDevice Handler { get; }

    /// <summary>The base the window is decoded at, or null while decoding is off or the BAR is unassigned.</summary>
    public uint? DecodedBase { get; internal set; }

    /// <summary>"00:03.0 BAR0 (memory, 128 KiB)" for logs.</summary>
    public override string ToString() =>
        $"{Function.Name} BAR{Index} ({(Kind == PciBarKind.Io ? "I/O" : "memory")}, 0x{Size:x} bytes)";
}

/// <summary>A BAR's window moved, appeared or disappeared: unmap <see cref="OldBase"/>, map <see cref="NewBase"/>.</summary>
public readonly record struct PciBarChange(PciBar Bar, uint? OldBase, uint? NewBase);
