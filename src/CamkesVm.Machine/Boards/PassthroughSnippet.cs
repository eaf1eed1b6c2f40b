using System.Text;
using CamkesVm.Machine.Passthrough;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// Writes the configuration lines that pass board devices through to a guest, in the seed's syntax
/// (<c>vm0_config.ioports / pci_devices / irqs</c>, "Booting from hard drive") or the later one
/// (<c>vm0.vm_ioports / pci_devices / vm_irqs</c>): one ioports entry per I/O BAR (end = start + size, as the
/// seed writes them), the device with its memory BARs, and an IRQ route from its I/O APIC pin to a free guest
/// PIC line (11, 10, 7, 5, 3, … in that order; the seed gives SATA 11 and Ethernet5 10).
/// </summary>
public static class PassthroughSnippet
{
    private static readonly int[] DestOrder = [11, 10, 7, 5, 3, 6, 14, 15, 12, 1];

    /// <summary>The snippet for <paramref name="addresses"/> of <paramref name="board"/> for guest <paramref name="vm"/>.</summary>
    public static string Write(BoardDescription board, IReadOnlyList<PciAddress> addresses, int vm = 0, bool laterKeys = false)
    {
        var devices = addresses.Select(a => board.Find(a)
            ?? throw new ArgumentException($"board {board.Name} has no device at {a}; 'camkes-vm lspci --platform {board.Name}' lists them")).ToList();
        foreach (var d in devices.Where(d => d.Bridge != null || d.Bars.Count == 0))
            throw new ArgumentException($"{d} has nothing to pass through (a bridge or a device without BARs); choose a device behind it");
        var dests = DestOrder.Where(l => GuestPlatformLines.OwnerOf(l) == null).ToArray();
        if (devices.Count > dests.Length) throw new ArgumentException($"at most {dests.Length} devices fit the guest's free PIC lines");
        string p = laterKeys ? $"vm{vm}." : $"vm{vm}_config.";
        var sb = new StringBuilder();
        sb.Append($"{p}pci_devices_iospace = 1;\n\n");
        sb.Append($"{p}{(laterKeys ? "vm_ioports" : "ioports")} = [\n");
        foreach (var d in devices)
            foreach (var bar in d.IoBars)
                sb.Append($"    {{\"start\":0x{bar.Base:x}, \"end\":0x{bar.End:x}, \"pci_device\":{Number(d.Address.Device)}, \"name\":\"{d.Name}\"}},\n");
        sb.Append("];\n\n");
        sb.Append($"{p}pci_devices = [\n");
        foreach (var d in devices) AppendDevice(sb, d);
        sb.Append("];\n\n");
        sb.Append($"{p}{(laterKeys ? "vm_irqs" : "irqs")} = [\n");
        for (int i = 0; i < devices.Count; i++)
            if (devices[i].Irq is { } irq)
                sb.Append($"    {{\"name\":\"{devices[i].Name}\", \"source\":{irq.Pin}, \"level_trig\":{Bit(irq.LevelTriggered)}, "
                    + $"\"active_low\":{Bit(irq.ActiveLow)}, \"dest\":{dests[i]}}},\n");
        sb.Append("];\n");
        return sb.ToString();
    }

    private static void AppendDevice(StringBuilder sb, BoardDevice d)
    {
        sb.Append("    {\n");
        sb.Append($"        \"name\":\"{d.Name}\",\n        \"bus\":{d.Address.Bus},\n        \"dev\":{Number(d.Address.Device)},\n        \"fun\":{d.Address.Function},\n");
        sb.Append($"        \"irq\":\"{(d.Irq != null ? d.Name : "")}\",\n");
        if (!d.MemoryBars.Any()) sb.Append("        \"memory\":[],\n");
        else
        {
            sb.Append("        \"memory\":[\n");
            foreach (var bar in d.MemoryBars)
                sb.Append($"            {{\"paddr\":0x{bar.Base:x}, \"size\":0x{bar.Size:x}, \"page_bits\":12}},\n");
            sb.Append("        ],\n");
        }
        sb.Append("    },\n");
    }

    private static string Number(int n) => n > 9 ? $"0x{n:x}" : $"{n}";

    private static int Bit(bool b) => b ? 1 : 0;
}
