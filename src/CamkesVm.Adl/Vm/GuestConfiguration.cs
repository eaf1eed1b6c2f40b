using CamkesVm.Adl.Model;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Vm;

/// <summary>
/// Everything the VMM needs to build and boot guest N, read from the resolved spec: the instance
/// <c>vm&lt;N&gt;</c> of component <c>Init&lt;N&gt;</c> (seed: "the Ith guest … must be defined as a component
/// named InitI … instantiated … with instance names vmI").
/// </summary>
/// <param name="Index">N, from the component name <c>Init&lt;N&gt;</c>.</param>
/// <param name="InstanceName">Full instance name, e.g. <c>vm.vm0</c> when the guest sits inside a compound <c>VM vm</c>.</param>
/// <param name="ComponentName">The component type, <c>Init&lt;N&gt;</c>.</param>
/// <param name="GuestRamMb">Guest RAM in MiB (<c>vmN.guest_ram_mb</c>).</param>
/// <param name="KernelCmdline">The Linux command line (<c>vmN.kernel_cmdline</c>).</param>
/// <param name="KernelImage">File name of the kernel in the VMM's file archive (<c>vmN.kernel_image</c>).</param>
/// <param name="KernelRelocs">File name of the relocation info, or null when empty (<c>vmN.kernel_relocs</c>).</param>
/// <param name="InitrdImage">File name of the initrd, or null when empty: no initrd (<c>vmN.initrd_image</c>).</param>
/// <param name="IospaceDomain">IOMMU domain id for passthrough devices (<c>vmN.iospace_domain</c>).</param>
/// <param name="Passthrough">Host devices handed to the guest.</param>
/// <param name="Dataports">Cross-VM dataports, ordered by id.</param>
/// <param name="EmittedEvents">Cross-VM events the guest emits (hypercall token 3), ordered by id.</param>
/// <param name="ConsumedEvents">Cross-VM events the guest consumes (IRQ 12 and the event page), ordered by id.</param>
/// <param name="Settings">Every effective setting of the instance (declared defaults merged), by attribute name.</param>
public sealed record GuestConfiguration(
    int Index,
    string InstanceName,
    string ComponentName,
    int GuestRamMb,
    string KernelCmdline,
    string KernelImage,
    string? KernelRelocs,
    string? InitrdImage,
    long IospaceDomain,
    GuestPassthrough Passthrough,
    IReadOnlyList<CrossVmDataport> Dataports,
    IReadOnlyList<CrossVmEvent> EmittedEvents,
    IReadOnlyList<CrossVmEvent> ConsumedEvents,
    IReadOnlyDictionary<string, AdlValue> Settings)
{
    /// <summary>Guest RAM in bytes.</summary>
    public long GuestRamBytes => (long)GuestRamMb << 20;

    /// <summary>An integer setting of the instance, or null when unset or not an integer.</summary>
    public long? GetInt(string attribute) => Settings.TryGetValue(attribute, out var v) && v is IntValue i ? i.Value : null;

    /// <summary>A string setting of the instance, or null when unset or not a string.</summary>
    public string? GetString(string attribute) => Settings.TryGetValue(attribute, out var v) && v is StringValue s ? s.Value : null;
}

/// <summary>
/// Passthrough of host hardware to one guest: the seed's <c>vmN_config.{pci_devices_iospace, ioports,
/// pci_devices, irqs}</c>, or the later spelling <c>vmN.{pci_devices_iospace, vm_ioports, pci_devices, vm_irqs}</c>.
/// </summary>
/// <param name="PciDevicesIospace">True when an IOMMU IOSpace is created per passed-through device.</param>
/// <param name="IoPorts">Host I/O port ranges.</param>
/// <param name="PciDevices">Host PCI functions shown to the guest.</param>
/// <param name="Irqs">Host interrupts routed to guest PIC lines.</param>
public sealed record GuestPassthrough(
    bool PciDevicesIospace, IReadOnlyList<IoPortRange> IoPorts, IReadOnlyList<PciPassthroughDevice> PciDevices, IReadOnlyList<IrqRoute> Irqs)
{
    /// <summary>No passthrough at all.</summary>
    public static GuestPassthrough None { get; } = new(false, [], [], []);

    /// <summary>Where each entry was written, index for index with the three lists (for positioned checks).</summary>
    public PassthroughSources Sources { get; init; } = PassthroughSources.None;
}

/// <summary>The position and setting path (e.g. <c>vm0_config.ioports[4]</c>) of a passthrough entry.</summary>
public sealed record EntrySource(SourceLocation Location, string Target);

/// <summary>Sources of the entries of a <see cref="GuestPassthrough"/>, in the order of its lists.</summary>
public sealed record PassthroughSources(
    IReadOnlyList<EntrySource> IoPorts, IReadOnlyList<EntrySource> PciDevices, IReadOnlyList<EntrySource> Irqs)
{
    /// <summary>No sources (entries built in code).</summary>
    public static PassthroughSources None { get; } = new([], [], []);

    /// <summary>The source of entry <paramref name="index"/> of <paramref name="list"/>, or an unknown position.</summary>
    public static EntrySource At(IReadOnlyList<EntrySource> list, int index, string fallback) =>
        index < list.Count ? list[index] : new EntrySource(SourceLocation.None, fallback);
}

/// <summary>A host I/O port range <c>{"start", "end", "pci_device", "name"}</c>.</summary>
/// <param name="Start">First port.</param>
/// <param name="End">The <c>end</c> value as written (camkes-vm hands seL4 the range [start, end]).</param>
/// <param name="PciDevice">The PCI device number the range belongs to (a BAR), or null for a plain legacy range.</param>
/// <param name="Name">A label, by convention the name of the device.</param>
public sealed record IoPortRange(int Start, int End, int? PciDevice, string Name);

/// <summary>A host PCI function <c>{"name", "bus", "dev", "fun", "irq", "memory"}</c>.</summary>
/// <param name="Name">The device's label.</param>
/// <param name="Bus">Host bus number (0..255).</param>
/// <param name="Device">Host device number (0..31).</param>
/// <param name="Function">Host function number (0..7).</param>
/// <param name="Irq">The name of its entry in the IRQ list, or empty for none.</param>
/// <param name="Memory">Its MMIO regions.</param>
public sealed record PciPassthroughDevice(string Name, int Bus, int Device, int Function, string Irq, IReadOnlyList<MmioRegion> Memory);

/// <summary>An MMIO region <c>{"paddr", "size", "page_bits"}</c> of a passed-through device.</summary>
/// <param name="PhysicalAddress">Host physical address.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="PageBits">log2 of the frame size used to map it (12 = 4 KiB).</param>
public sealed record MmioRegion(long PhysicalAddress, long Size, int PageBits);

/// <summary>A host interrupt routed to the guest <c>{"name", "ioapic", "source", "level_trig", "active_low", "dest"}</c>.</summary>
/// <param name="Name">The label PCI devices refer to.</param>
/// <param name="Ioapic">The host IOAPIC (0 when not given).</param>
/// <param name="Source">The IOAPIC pin.</param>
/// <param name="LevelTriggered">Level rather than edge triggered.</param>
/// <param name="ActiveLow">Active-low polarity.</param>
/// <param name="Dest">The guest 8259 PIC line (0..15) that receives it.</param>
public sealed record IrqRoute(string Name, int Ioapic, int Source, bool LevelTriggered, bool ActiveLow, int Dest);

/// <summary>A cross-VM dataport of the guest: shared memory the guest maps with hypercall token 1.</summary>
/// <param name="Interface">The interface name on <c>Init&lt;N&gt;</c> (e.g. <c>data</c>).</param>
/// <param name="Id">The id (<c>vmN.&lt;iface&gt;_id</c>), 1-based; the guest's device node minor.</param>
/// <param name="Size">Size in bytes (<c>vmN.&lt;iface&gt;_size</c>, else the <c>Buf(N)</c> size).</param>
/// <param name="Connection">The connection it belongs to, or null when unconnected.</param>
/// <param name="Connector">The connection's connector, or null.</param>
public sealed record CrossVmDataport(string Interface, int Id, long Size, string? Connection, string? Connector);

/// <summary>A cross-VM event of the guest.</summary>
/// <param name="Interface">The interface name on <c>Init&lt;N&gt;</c> (e.g. <c>do_print</c>).</param>
/// <param name="Id">The id: <c>vmN.&lt;iface&gt;_id</c> when set, else the 1-based position among the guest's events of that direction.</param>
/// <param name="EventType">The event type name.</param>
/// <param name="Connection">The connection it belongs to, or null when unconnected.</param>
/// <param name="Connector">The connection's connector, or null.</param>
public sealed record CrossVmEvent(string Interface, int Id, string EventType, string? Connection, string? Connector);
