using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// One base address register of a board device as its firmware assigned it: BAR number, kind, the base
/// address (a host-physical address or a host port) and the size (PCI 3.0 §6.2.5.1).
/// </summary>
public sealed record BoardBar(int Index, PciBarKind Kind, uint Base, uint Size, bool Prefetchable = false)
{
    /// <summary>One past the last address or port of the window.</summary>
    public ulong End => (ulong)Base + Size;

    /// <summary>True when [<paramref name="start"/>, <paramref name="end"/>) lies inside the window.</summary>
    public bool Contains(ulong start, ulong end) => start >= Base && end <= End && start < end;

    /// <summary>True when [<paramref name="start"/>, <paramref name="end"/>) shares an address with the window.</summary>
    public bool Overlaps(ulong start, ulong end) => start < End && Base < end;
}

/// <summary>
/// Where a device's INTx pin lands on the board: the I/O APIC input (the <c>source</c> of the spec's irqs
/// entries) and how that input is signalled. PCI INTx wires are level-triggered and active-low (PCI 3.0 §2.2.6).
/// </summary>
public sealed record BoardIrq(int Pin, bool LevelTriggered = true, bool ActiveLow = true);

/// <summary>The identification registers of a PCI function (PCI 3.0 §6.2.1).</summary>
/// <param name="ClassCode">class:subclass:prog-if, 24 bits.</param>
public sealed record PciIdentity(
    ushort VendorId, ushort DeviceId, uint ClassCode, byte Revision, ushort SubsystemVendorId = 0, ushort SubsystemId = 0);

/// <summary>The names lspci prints for a device (from the PCI ID database, pci.ids) and the Linux driver that binds it.</summary>
public sealed record BoardDeviceNames(string Class, string Vendor, string Device, string? ProgIf = null, string? Subsystem = null, string? Driver = null);

/// <summary>The bus numbers and forwarding windows of a PCI-to-PCI bridge (PCI-to-PCI Bridge spec 1.2 §3.2.5).</summary>
public sealed record BridgeWindows(int Secondary, int Subordinate, uint IoBase, uint IoLimit, uint MemoryBase, uint MemoryLimit);

/// <summary>
/// A PCI function of a board, described as data: where it sits, what it is, the windows and interrupt the
/// firmware gave it. <see cref="Bridge"/> is set for PCI-to-PCI bridges (type 1 header).
/// </summary>
public sealed record BoardDevice(
    PciAddress Address, string Name, PciIdentity Identity, BoardDeviceNames Names, IReadOnlyList<BoardBar> Bars,
    int InterruptPin = 0, BoardIrq? Irq = null, BridgeWindows? Bridge = null)
{
    /// <summary>The memory BARs.</summary>
    public IEnumerable<BoardBar> MemoryBars => Bars.Where(b => b.Kind == PciBarKind.Memory32);

    /// <summary>The I/O BARs.</summary>
    public IEnumerable<BoardBar> IoBars => Bars.Where(b => b.Kind == PciBarKind.Io);

    /// <summary>"00:1f.2 SATA" for messages.</summary>
    public override string ToString() => $"{Address} {Name}";
}
