namespace CamkesVm.Adl.Vm;

/// <summary>
/// Reads a guest's passthrough lists (camkes-vm notes §2.2) from <c>vmN_config</c> (the seed's spelling)
/// or from <c>vmN</c> itself (<c>vm_ioports</c>, <c>vm_irqs</c>: the spelling after camkes-vm 8616ab4) and
/// checks them against the hardware's limits: 16-bit port numbers, bus/device/function ranges of PCI,
/// 16 guest PIC lines, page-aligned MMIO, IRQ names that exist.
/// </summary>
internal sealed class PassthroughReader(SettingAccess guest, SettingAccess? holder)
{
    public GuestPassthrough Read()
    {
        var iospace = Pick("pci_devices_iospace", "pci_devices_iospace");
        var ioports = Pick("vm_ioports", "ioports");
        var devices = Pick("pci_devices", "pci_devices");
        var irqs = Pick("vm_irqs", "irqs");
        var irqReaders = irqs.access.Dicts(irqs.attribute);
        var irqList = Located(irqReaders, ReadIrq);
        var names = irqList.Select(i => i.Entry.Name).ToHashSet(StringComparer.Ordinal);
        var ioList = Located(ioports.access.Dicts(ioports.attribute), ReadIoPort);
        var deviceList = Located(devices.access.Dicts(devices.attribute), d => ReadDevice(d, names));
        return new GuestPassthrough(
            iospace.access.Int(iospace.attribute, 0) is > 0,
            [.. ioList.Select(e => e.Entry)], [.. deviceList.Select(e => e.Entry)], [.. irqList.Select(e => e.Entry)])
        {
            Sources = new PassthroughSources(
                [.. ioList.Select(e => e.Source)], [.. deviceList.Select(e => e.Source)], [.. irqList.Select(e => e.Source)]),
        };
    }

    /// <summary>The valid entries of a list, each with where it was written.</summary>
    private static List<(T Entry, EntrySource Source)> Located<T>(IReadOnlyList<FieldReader> entries, Func<FieldReader, T?> read)
        where T : class =>
        [.. entries.Select(e => (Entry: read(e), Source: new EntrySource(e.Location, e.Target)))
            .Where(e => e.Entry is not null).Select(e => (e.Entry!, e.Source))];

    /// <summary>The guest's own key, or the holder's when only that is set; both set is an error.</summary>
    private (SettingAccess access, string attribute) Pick(string onGuest, string onHolder)
    {
        if (holder is null || !holder.IsSet(onHolder))
        {
            return (guest, onGuest);
        }
        if (guest.IsSet(onGuest))
        {
            guest.Diagnostics.ReportPassthroughTwice(guest.LocationOf(onGuest), holder.Target(onHolder), guest.Target(onGuest));
        }
        return (holder, onHolder);
    }

    private static IoPortRange? ReadIoPort(FieldReader entry)
    {
        var start = entry.Int("start");
        var end = entry.Int("end");
        var pci = entry.Has("pci_device") ? entry.Int("pci_device") : null;
        var name = entry.String("name", "");
        if (start is not { } s || end is not { } e || name is null || (entry.Has("pci_device") && pci is null))
        {
            return null;
        }
        var ok = entry.Require(s is >= 0 and <= 0xFFFF && e is >= 0 and <= 0xFFFF, $"I/O ports are 16-bit: start 0x{s:x} and end 0x{e:x} must lie in 0..0xffff")
            && entry.Require(s <= e, $"start 0x{s:x} is above end 0x{e:x}");
        return ok ? new IoPortRange((int)s, (int)e, pci is { } p ? (int)p : null, name) : null;
    }

    private static PciPassthroughDevice? ReadDevice(FieldReader entry, HashSet<string> irqNames)
    {
        var name = entry.String("name");
        var bus = entry.Int("bus");
        var dev = entry.Int("dev");
        var fun = entry.Int("fun");
        var irq = entry.String("irq", "");
        var memory = entry.Dicts("memory").Select(ReadRegion).ToList();
        if (name is null || bus is not { } b || dev is not { } d || fun is not { } f || irq is null || memory.Contains(null))
        {
            return null;
        }
        var ok = entry.Require(b is >= 0 and <= 255, $"PCI bus {b} is outside 0..255")
            && entry.Require(d is >= 0 and <= 31, $"PCI device {d} is outside 0..31")
            && entry.Require(f is >= 0 and <= 7, $"PCI function {f} is outside 0..7")
            && entry.Require(irq.Length == 0 || irqNames.Contains(irq), $"\"irq\":\"{irq}\" names no entry of the IRQ list; add {{\"name\":\"{irq}\", …}} to the irqs");
        return ok ? new PciPassthroughDevice(name, (int)b, (int)d, (int)f, irq, [.. memory.OfType<MmioRegion>()]) : null;
    }

    private static MmioRegion? ReadRegion(FieldReader entry)
    {
        var paddr = entry.Int("paddr");
        var size = entry.Int("size");
        var bits = entry.Int("page_bits", 12);
        if (paddr is not { } p || size is not { } s || bits is not { } pb)
        {
            return null;
        }
        var ok = entry.Require(pb is >= 12 and <= 30, $"page_bits {pb} is outside 12..30 (12 = 4 KiB frames)")
            && entry.Require(s > 0, $"size {s} must be positive")
            && entry.Require(p >= 0 && (p & ((1L << (int)pb) - 1)) == 0, $"paddr 0x{p:x} is not aligned to its 2^{pb}-byte frames");
        return ok ? new MmioRegion(p, s, (int)pb) : null;
    }

    private static IrqRoute? ReadIrq(FieldReader entry)
    {
        var name = entry.String("name");
        var ioapic = entry.Int("ioapic", 0);
        var source = entry.Int("source");
        var level = entry.Int("level_trig", 0);
        var low = entry.Int("active_low", 0);
        var dest = entry.Int("dest");
        if (name is null || ioapic is not { } io || source is not { } src || level is not { } lv || low is not { } al || dest is not { } ds)
        {
            return null;
        }
        var ok = entry.Require(src is >= 0 and <= 255, $"source pin {src} is outside 0..255")
            && entry.Require(ds is >= 0 and <= 15, $"dest {ds} is not a guest PIC line: the guest's two 8259s have lines 0..15");
        return ok ? new IrqRoute(name, (int)io, (int)src, lv != 0, al != 0, (int)ds) : null;
    }
}
