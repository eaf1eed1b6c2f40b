using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Passthrough;

/// <summary>
/// What a VM's spec grants it of the board (camkes-vm notes §2.2): I/O port ranges, PCI functions with their
/// memory regions, and interrupt routes. The Machine's own copy of the spec's passthrough lists, so that the
/// machine layer needs no ADL types.
/// </summary>
public sealed record PassthroughGrant(
    IReadOnlyList<GrantedPorts> IoPorts, IReadOnlyList<GrantedDevice> Devices, IReadOnlyList<GrantedIrq> Irqs)
{
    /// <summary>Nothing granted.</summary>
    public static PassthroughGrant None { get; } = new([], [], []);
}

/// <summary>
/// An ioports entry <c>{"start", "end", "pci_device", "name"}</c>. The seed writes <c>end</c> as start + size; the
/// original hands the guest [start, end] (end included), and so do we, limited to ports of the device's BARs.
/// </summary>
public sealed record GrantedPorts(int Start, int End, int? PciDevice, string Name)
{
    /// <summary>"0x4060-0x4080" as written.</summary>
    public override string ToString() => $"0x{Start:x}-0x{End:x}";
}

/// <summary>A pci_devices entry: the board function at <paramref name="Address"/>, its IRQ entry's name, its memory regions.</summary>
public sealed record GrantedDevice(string Name, PciAddress Address, string Irq, IReadOnlyList<GrantedMemory> Memory);

/// <summary>A memory region <c>{"paddr", "size"}</c> of a granted device, in host-physical addresses.</summary>
public sealed record GrantedMemory(uint Start, uint Size)
{
    /// <summary>One past the last byte.</summary>
    public ulong End => (ulong)Start + Size;
}

/// <summary>An irqs entry: board I/O APIC input <paramref name="Source"/> to guest PIC line <paramref name="Dest"/>.</summary>
public sealed record GrantedIrq(string Name, int Source, bool LevelTriggered, bool ActiveLow, int Dest);
