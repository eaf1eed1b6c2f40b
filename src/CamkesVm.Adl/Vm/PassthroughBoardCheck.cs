using CamkesVm.Adl.Diagnostics;

namespace CamkesVm.Adl.Vm;

/// <summary>
/// Checks each guest's passthrough entries against the board (<c>camkes-vm check --platform</c>): PCI devices
/// that the board lacks, memory regions outside the device's memory BARs, I/O ranges that belong to no
/// device's I/O BARs (<c>end</c> read as one past the last port, as the seed writes it), IRQ sources that differ
/// from the device's pin or its trigger and polarity, and IRQ destinations taken twice or by a platform device.
/// Each finding is a diagnostic at the entry's setting, naming the entry (e.g. <c>vm0_config.ioports[4]</c>).
/// </summary>
public static class PassthroughBoardCheck
{
    /// <summary>The findings for every guest of <paramref name="guests"/>.</summary>
    public static IReadOnlyList<Diagnostic> Check(GuestConfigurationSet guests, PassthroughPlatform platform)
    {
        var bag = new DiagnosticBag { Stage = CompilerStage.Check };
        foreach (var guest in guests.Guests)
        {
            new GuestCheck(guest.Passthrough, platform, bag).Run();
        }
        return [.. bag];
    }

    private sealed class GuestCheck(GuestPassthrough passthrough, PassthroughPlatform platform, DiagnosticBag bag)
    {
        private readonly PassthroughSources _sources = passthrough.Sources;

        public void Run()
        {
            for (var i = 0; i < passthrough.PciDevices.Count; i++) CheckDevice(i);
            for (var i = 0; i < passthrough.IoPorts.Count; i++) CheckPorts(i);
            for (var i = 0; i < passthrough.Irqs.Count; i++) CheckIrq(i);
        }

        private PlatformDevice? Find(int bus, int dev, int fun) =>
            platform.Devices.FirstOrDefault(d => d.Bus == bus && d.Device == dev && d.Function == fun);

        private string Lspci => $"'camkes-vm lspci -v --platform {platform.Name}' lists them";

        private void CheckDevice(int index)
        {
            var entry = passthrough.PciDevices[index];
            var at = PassthroughSources.At(_sources.PciDevices, index, $"pci_devices[{index}]");
            var device = Find(entry.Bus, entry.Device, entry.Function);
            if (device is null)
            {
                bag.ReportPassthroughBoard(at.Location, at.Target,
                    $"board {platform.Name} has no PCI device at {entry.Bus:x2}:{entry.Device:x2}.{entry.Function} (\"bus\":{entry.Bus}, \"dev\":0x{entry.Device:x}, \"fun\":{entry.Function}); "
                    + $"its devices are {string.Join(", ", platform.Devices)}; {Lspci}");
                return;
            }
            for (var m = 0; m < entry.Memory.Count; m++)
            {
                var region = entry.Memory[m];
                if (!device.Memory.Any(w => w.Contains(region.PhysicalAddress, region.PhysicalAddress + region.Size)))
                    bag.ReportPassthroughBoard(at.Location, $"{at.Target}.memory[{m}]",
                        $"{{\"paddr\":0x{region.PhysicalAddress:x}, \"size\":0x{region.Size:x}}} is not inside a memory BAR of {device}; "
                        + (device.Memory.Count == 0 ? "the device has no memory BARs (use \"memory\":[])" : $"its memory BARs are {string.Join(", ", device.Memory)}"));
            }
        }

        private void CheckPorts(int index)
        {
            var entry = passthrough.IoPorts[index];
            var at = PassthroughSources.At(_sources.IoPorts, index, $"ioports[{index}]");
            var owner = platform.Devices.FirstOrDefault(d => d.CoversPorts(entry.Start, Math.Max(entry.End, entry.Start + 1)));
            if (owner is null)
            {
                var near = platform.Devices.Where(d => d.Io.Count > 0 && (entry.PciDevice is null || d.Device == entry.PciDevice));
                bag.ReportPassthroughBoard(at.Location, at.Target,
                    $"ports 0x{entry.Start:x}-0x{entry.End:x} (\"{entry.Name}\") are not I/O BAR ports of any device of {platform.Name}; "
                    + $"I/O BARs: {string.Join("; ", near.Select(d => $"{d} {string.Join(", ", d.Io)}"))}");
                return;
            }
            if (entry.PciDevice is { } dev && dev != owner.Device)
                bag.ReportPassthroughBoardWarning(at.Location, at.Target, $"\"pci_device\":0x{dev:x}, but the ports belong to {owner} (device 0x{owner.Device:x})");
            if (!passthrough.PciDevices.Any(d => d.Bus == owner.Bus && d.Device == owner.Device && d.Function == owner.Function))
                bag.ReportPassthroughBoardWarning(at.Location, at.Target, $"the ports belong to {owner}, which is not in pci_devices, so the guest cannot find them; add the device");
        }

        private void CheckIrq(int index)
        {
            var entry = passthrough.Irqs[index];
            var at = PassthroughSources.At(_sources.Irqs, index, $"irqs[{index}]");
            var first = passthrough.Irqs.Take(index).FirstOrDefault(r => r.Dest == entry.Dest);
            if (first is not null)
                bag.ReportPassthroughBoard(at.Location, at.Target, $"\"dest\":{entry.Dest} is already the destination of irq \"{first.Name}\"; give each source its own guest line");
            var reserved = platform.ReservedLines.FirstOrDefault(l => l.Line == entry.Dest);
            if (reserved.Owner is not null)
                bag.ReportPassthroughBoard(at.Location, at.Target, $"\"dest\":{entry.Dest} is used by {reserved.Owner} in the guest; choose a free line such as 10 or 11");
            foreach (var user in passthrough.PciDevices.Where(d => d.Irq == entry.Name))
            {
                if (Find(user.Bus, user.Device, user.Function) is { IrqPin: { } pin } owner && pin != entry.Source)
                    bag.ReportPassthroughBoard(at.Location, at.Target,
                        $"\"source\":{entry.Source}, but {owner}, whose irq this is, interrupts on I/O APIC pin {pin}; set \"source\":{pin}");
            }
            var device = platform.Devices.FirstOrDefault(d => d.IrqPin == entry.Source);
            if (device is not null && (device.LevelTriggered != entry.LevelTriggered || device.ActiveLow != entry.ActiveLow))
                bag.ReportPassthroughBoard(at.Location, at.Target,
                    $"I/O APIC pin {entry.Source} of {device} is {Signal(device.LevelTriggered, device.ActiveLow)}, but the entry says {Signal(entry.LevelTriggered, entry.ActiveLow)}; "
                    + $"set \"level_trig\":{(device.LevelTriggered ? 1 : 0)}, \"active_low\":{(device.ActiveLow ? 1 : 0)}");
        }

        private static string Signal(bool level, bool low) => $"{(level ? "level" : "edge")}-triggered, active-{(low ? "low" : "high")}";
    }
}
