using System.Text;
using CamkesVm.Machine.Pci;
using static CamkesVm.Machine.Pci.PciConfigRegisters;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// Prints a board's functions the way pciutils' lspci does on the real machine: one line per function, or with
/// verbose the <c>lspci -vv</c> block (Subsystem, Control, Status, Latency, Interrupt, Regions with sizes, bridge
/// windows, Kernel driver in use), and <c>lspci -xxx</c> hex dumps. Register values come from the functions'
/// configuration space, names from the board description (the PCI ID database's names).
/// </summary>
public static class LspciFormatter
{
    /// <summary>The whole board, one device per line or verbose blocks separated by blank lines.</summary>
    public static string Format(Board board, bool verbose)
    {
        var sb = new StringBuilder();
        foreach (var device in board.Description.Devices)
        {
            var f = board.Function(device.Address)!;
            if (verbose) sb.Append(Verbose(device, f)).Append('\n');
            else sb.Append(Brief(device, f, verbose: false)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>"05:00.0 Ethernet controller: Intel Corporation 82574L Gigabit Network Connection".</summary>
    public static string Brief(BoardDevice d, PciFunction f, bool verbose)
    {
        var sb = new StringBuilder($"{d.Address} {d.Names.Class}: {d.Names.Vendor} {d.Names.Device}");
        byte revision = (byte)f.ReadConfig(RevisionId, 1), progIf = (byte)f.ReadConfig(ClassCode, 1);
        if (revision != 0) sb.Append($" (rev {revision:x2})");
        if (verbose && (progIf != 0 || d.Names.ProgIf != null))
            sb.Append($" (prog-if {progIf:x2}{(d.Names.ProgIf is { } p ? $" [{p}]" : "")})");
        return sb.ToString();
    }

    /// <summary>The <c>lspci -vv</c> block of one function, each line ending in a newline.</summary>
    public static string Verbose(BoardDevice d, PciFunction f)
    {
        var sb = new StringBuilder(Brief(d, f, verbose: true)).Append('\n');
        if (d.Names.Subsystem is { } sub) sb.Append($"\tSubsystem: {sub}\n");
        uint command = f.ReadConfig(Command, 2), status = f.ReadConfig(Status, 2);
        sb.Append($"\tControl: {ControlFlags(command)}\n");
        sb.Append($"\tStatus: {StatusFlags(status)}\n");
        uint cacheLine = f.ReadConfig(CacheLineSize, 1);
        sb.Append($"\tLatency: {f.ReadConfig(LatencyTimer, 1)}{(cacheLine != 0 ? $", Cache Line Size: {cacheLine * 4} bytes" : "")}\n");
        uint pin = f.ReadConfig(InterruptPin, 1);
        if (pin is >= 1 and <= 4) sb.Append($"\tInterrupt: pin {(char)('A' + pin - 1)} routed to IRQ {f.ReadConfig(InterruptLine, 1)}\n");
        foreach (var bar in f.Bars.OfType<PciBar>()) sb.Append(Region(f, bar, command));
        if (d.Bridge != null) sb.Append(BridgeLines(f));
        if (d.Names.Driver is { } driver) sb.Append($"\tKernel driver in use: {driver}\n");
        return sb.ToString();
    }

    /// <summary>The <c>lspci -xxx</c> dump of one function: its line, then 256 bytes, 16 per row.</summary>
    public static string HexDump(BoardDevice d, PciFunction f)
    {
        var sb = new StringBuilder(Brief(d, f, verbose: false)).Append('\n');
        for (int row = 0; row < Size; row += 16)
        {
            sb.Append($"{row:x2}:");
            for (int i = 0; i < 16; i++) sb.Append($" {f.ReadConfig(row + i, 1):x2}");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>lspci's size notation: 32, 2K, 128K, 1M.</summary>
    public static string SizeText(ulong size) => size switch
    {
        < 1024 => $"{size}",
        < 1 << 20 => $"{size >> 10}K",
        < 1 << 30 => $"{size >> 20}M",
        _ => $"{size >> 30}G",
    };

    private static string Region(PciFunction f, PciBar bar, uint command)
    {
        uint b = f.BarBase(bar);
        bool decoding = (command & (bar.Kind == PciBarKind.Io ? CommandIoSpace : CommandMemorySpace)) != 0;
        string where = bar.Kind == PciBarKind.Io
            ? $"I/O ports at {b:x4}"
            : $"Memory at {b:x8} (32-bit, {(bar.Prefetchable ? "" : "non-")}prefetchable)";
        return $"\tRegion {bar.Index}: {where}{(decoding ? "" : " [disabled]")} [size={SizeText(bar.Size)}]\n";
    }

    private static string ControlFlags(uint c) => Flags(c,
        ("I/O", 0), ("Mem", 1), ("BusMaster", 2), ("SpecCycle", 3), ("MemWINV", 4), ("VGASnoop", 5), ("ParErr", 6),
        ("Stepping", 7), ("SERR", 8), ("FastB2B", 9), ("DisINTx", 10));

    private static string StatusFlags(uint s) =>
        $"{Flags(s, ("Cap", 4), ("66MHz", 5), ("UDF", 6), ("FastB2B", 7), ("ParErr", 8))} DEVSEL={Devsel(s)} "
        + Flags(s, (">TAbort", 11), ("<TAbort", 12), ("<MAbort", 13), (">SERR", 14), ("<PERR", 15), ("INTx", 3));

    private static string Devsel(uint s) => ((s >> 9) & 3) switch { 0 => "fast", 1 => "medium", 2 => "slow", _ => "??" };

    private static string Flags(uint value, params (string Name, int Bit)[] bits) =>
        string.Join(' ', bits.Select(b => b.Name + ((value >> b.Bit & 1) != 0 ? "+" : "-")));

    private static string BridgeLines(PciFunction f)
    {
        uint ioBase = (f.ReadConfig(0x1C, 1) & 0xF0) << 8, ioLimit = (f.ReadConfig(0x1D, 1) & 0xF0) << 8 | 0xFFF;
        uint memBase = (f.ReadConfig(0x20, 2) & 0xFFF0) << 16, memLimit = (f.ReadConfig(0x22, 2) & 0xFFF0) << 16 | 0xFFFFF;
        var sb = new StringBuilder();
        sb.Append($"\tBus: primary={f.ReadConfig(0x18, 1):x2}, secondary={f.ReadConfig(0x19, 1):x2}, "
            + $"subordinate={f.ReadConfig(0x1A, 1):x2}, sec-latency={f.ReadConfig(0x1B, 1)}\n");
        sb.Append(ioBase <= ioLimit ? $"\tI/O behind bridge: {ioBase:x4}-{ioLimit:x4} [size={SizeText(ioLimit - ioBase + 1UL)}] [16-bit]\n" : "\tI/O behind bridge: [disabled] [16-bit]\n");
        sb.Append(memBase <= memLimit ? $"\tMemory behind bridge: {memBase:x8}-{memLimit:x8} [size={SizeText(memLimit - memBase + 1UL)}] [32-bit]\n" : "\tMemory behind bridge: [disabled] [32-bit]\n");
        sb.Append("\tPrefetchable memory behind bridge: [disabled] [32-bit]\n");
        sb.Append("\tSecondary status: 66MHz- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- <SERR- <PERR-\n");
        sb.Append("\tBridgeCtl: Parity- SERR- NoISA- VGA- VGA16- MAbort- >Reset- FastB2B-\n");
        sb.Append("\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-\n");
        return sb.ToString();
    }
}
