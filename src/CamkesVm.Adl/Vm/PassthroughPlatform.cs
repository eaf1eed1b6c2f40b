namespace CamkesVm.Adl.Vm;

/// <summary>
/// The board a spec's passthrough entries are checked against (<c>camkes-vm check --platform</c>), as plain
/// facts: its PCI functions and the guest PIC lines the VMM's own devices take. The tools layer fills it from
/// the machine's board model; the ADL layer knows no devices.
/// </summary>
/// <param name="Name">The platform name, e.g. <c>cma34cr</c>.</param>
/// <param name="Devices">The board's PCI functions.</param>
/// <param name="ReservedLines">Guest PIC lines used by the VMM's platform devices, with their owner.</param>
public sealed record PassthroughPlatform(string Name, IReadOnlyList<PlatformDevice> Devices, IReadOnlyList<(int Line, string Owner)> ReservedLines);

/// <summary>A board PCI function: address, label, BAR windows, and the I/O APIC input its INTx reaches.</summary>
public sealed record PlatformDevice(
    int Bus, int Device, int Function, string Name, IReadOnlyList<PlatformWindow> Memory, IReadOnlyList<PlatformWindow> Io,
    int? IrqPin, bool LevelTriggered, bool ActiveLow)
{
    /// <summary>The lspci address, e.g. 05:00.0.</summary>
    public string Address => $"{Bus:x2}:{Device:x2}.{Function}";

    /// <summary>True when every port of [<paramref name="start"/>, <paramref name="end"/>) is in one of its I/O BARs.</summary>
    public bool CoversPorts(long start, long end)
    {
        for (var p = start; p < end; p++)
        {
            if (!Io.Any(w => w.Contains(p, p + 1))) return false;
        }
        return start < end;
    }

    /// <summary>"05:00.0 Ethernet5".</summary>
    public override string ToString() => $"{Address} {Name}";
}

/// <summary>A BAR window: base address (or port) and size.</summary>
public sealed record PlatformWindow(long Base, long Size)
{
    /// <summary>True when [<paramref name="start"/>, <paramref name="end"/>) lies inside.</summary>
    public bool Contains(long start, long end) => start >= Base && end <= Base + Size && start < end;

    /// <summary>"0xc0500000+0x20000".</summary>
    public override string ToString() => $"0x{Base:x}+0x{Size:x}";
}
