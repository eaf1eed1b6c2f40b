using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Passthrough;
using CamkesVm.Machine.Pci;
using static CamkesVm.Machine.Pci.PciConfigRegisters;

namespace CamkesVm.Machine;

/// <summary>
/// Passthrough of board devices to this guest (camkes-vm notes §2.2, what Init's main.c does at boot): each
/// granted function is put on the guest's bus 0 at the next free device number (the guest sees it at
/// 00:NN.0, not at its board address, as in the original — the seed's guest names the NIC enp0s2), with its
/// Interrupt Line register set to the route's <c>dest</c>. BAR windows stay at the board's bases (the original
/// relocates memory BARs to free guest-physical windows; guest RAM here ends below the PCI hole, so the board
/// addresses are free and the guest's lspci shows the seed's values) and follow the guest if it moves them.
/// Only the granted parts of each BAR reach the device (<see cref="GrantedWindow"/>); interrupt routes are
/// <see cref="PassthroughIrqRoute"/>s. Errors in the grant are the host's configuration errors and throw.
/// </summary>
public sealed partial class PcMachine
{
    /// <summary>Hands the parts of <paramref name="board"/> that <paramref name="grant"/> lists to this guest.</summary>
    public AttachedPassthrough AttachPassthrough(Board board, PassthroughGrant grant)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(grant);
        var routes = grant.Irqs.Select(i => RouteIrq(board, i)).ToList();
        var devices = grant.Devices.Select(d => AttachDevice(board, grant, d)).ToList();
        ReportStrayPorts(grant, devices);
        return new AttachedPassthrough(devices, routes);
    }

    private PassthroughIrqRoute RouteIrq(Board board, GrantedIrq irq)
    {
        if ((uint)irq.Dest > 15)
            throw new ArgumentException($"irq {irq.Name}: dest {irq.Dest} is not a guest PIC line (0-15)");
        if (GuestPlatformLines.OwnerOf(irq.Dest) is { } owner)
            throw new ArgumentException($"irq {irq.Name}: dest {irq.Dest} is used by {owner}; choose a free line such as 10 or 11");
        if (irq.LevelTriggered) SetGuestLevelSensitive(irq.Dest);
        return new PassthroughIrqRoute(irq, board.Pin(irq.Source), IrqLine(irq.Dest));
    }

    private void SetGuestLevelSensitive(int line)
    {
        var elcr = _interrupts.Pic.Elcr;
        elcr.Write(0, elcr.Read(0, 2) | 1u << line, 2);
    }

    private PassthroughDevice AttachDevice(Board board, PassthroughGrant grant, GrantedDevice granted)
    {
        var function = board.Function(granted.Address)
            ?? throw new ArgumentException($"pci device {granted.Name}: board {board.Description.Name} has no device at {granted.Address}; "
                + $"'camkes-vm lspci --platform {board.Description.Name}' lists its devices");
        int slot = Enumerable.Range(1, 31).FirstOrDefault(d => Pci.Find(d, 0) == null);
        if (slot == 0) throw new InvalidOperationException($"pci device {granted.Name}: the guest's PCI bus 0 has no free device number");
        Pci.Add(slot, 0, function);
        uint line = InterruptLineFor(grant, granted);
        function.WriteConfig(InterruptLine, line, 1);
        AddInterruptRoute(slot, function, (int)line);
        var windows = new List<GrantedWindow>();
        _pciWindows.Attach(function, bar =>
        {
            var window = Window(granted, grant, bar, function.BarBase(bar));
            windows.Add(window);
            return window;
        });
        foreach (var region in granted.Memory.Where(m => !function.Bars.Any(b => b?.Kind == PciBarKind.Memory32 && Inside(m, function.BarBase(b), b.Size))))
            Log($"passthrough: {granted.Name} ({granted.Address}): memory 0x{region.Start:x}+0x{region.Size:x} matches none of its BARs; not mapped");
        return new PassthroughDevice(granted, function, new PciAddress(0, slot, 0), windows);
    }

    private static uint InterruptLineFor(PassthroughGrant grant, GrantedDevice device)
    {
        if (device.Irq.Length == 0) return 0xFF;
        var route = grant.Irqs.FirstOrDefault(i => i.Name == device.Irq)
            ?? throw new ArgumentException($"pci device {device.Name}: \"irq\":\"{device.Irq}\" names no entry of the irqs list");
        return (uint)route.Dest;
    }

    private GrantedWindow Window(GrantedDevice device, PassthroughGrant grant, PciBar bar, uint hostBase)
    {
        ulong end = (ulong)hostBase + bar.Size;
        IEnumerable<(ulong Start, ulong End)> ranges = bar.Kind == PciBarKind.Io
            ? grant.IoPorts.Select(p => ((ulong)p.Start, (ulong)p.End + 1)) // [start, end] as the original grants
            : device.Memory.Select(m => ((ulong)m.Start, m.End));
        var offsets = ranges.Where(r => r.Start < end && hostBase < r.End)
            .Select(r => ((uint)(Math.Max(r.Start, hostBase) - hostBase), (uint)(Math.Min(r.End, end) - hostBase)));
        string unit = bar.Kind == PciBarKind.Io ? "ports" : "memory";
        string hint = bar.Kind == PciBarKind.Io
            ? "add the range to the ioports list to grant it"
            : $"add {{\"paddr\":0x{hostBase:x}, \"size\":0x{bar.Size:x}, \"page_bits\":12}} to the device's memory list to grant it";
        return new GrantedWindow(bar, hostBase, offsets,
            (s, e) => $"passthrough: guest touched {device.Name} ({device.Address}) BAR{bar.Index} {unit} 0x{hostBase + s:x}-0x{hostBase + e - 1:x}, "
                + $"which the spec does not grant: the access was dropped (reads return all ones); {hint}",
            Log);
    }

    private static bool Inside(GrantedMemory m, uint barBase, uint size) => m.Start >= barBase && m.End <= (ulong)barBase + size;

    private void ReportStrayPorts(PassthroughGrant grant, IReadOnlyList<PassthroughDevice> devices)
    {
        foreach (var ports in grant.IoPorts)
        {
            bool reaches = devices.Any(d => d.Windows.Any(w => w.Bar.Kind == PciBarKind.Io
                && (ulong)ports.Start < w.HostBase + (ulong)w.Bar.Size && w.HostBase <= (ulong)ports.End));
            if (!reaches)
                Log($"passthrough: ioports {ports} ({ports.Name}) reach no I/O BAR of a passed-through device; nothing is granted there");
        }
    }
}
