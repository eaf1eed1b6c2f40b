using CamkesVm.Machine.Devices.Storage;
using System.CommandLine;
using CamkesVm.Adl.Vm;
using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Passthrough;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// The boards the tools know (<c>--platform</c>, shared by <c>lspci</c>, <c>check</c> and <c>run</c>), and the glue
/// between the spec's passthrough lists (ADL) and the machine's board and grant types.
/// <c>cma34cr</c> is the board with its SATA controller in AHCI mode (the BIOS default), <c>cma34cr-ide</c> the
/// same board with SATA set to IDE mode.
/// </summary>
internal static class LspciPlatform
{
    /// <summary>The default platform.</summary>
    public const string Default = Cma34cr.Name;

    /// <summary>The platform names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Cma34cr.Name, Cma34cr.Name + "-ide"];

    /// <summary>A new <c>--platform</c> option.</summary>
    public static Option<string> CreateOption() => new("--platform")
    {
        Description = $"The board: {string.Join(" or ", Names)} (SATA in IDE mode); default {Default}",
        DefaultValueFactory = _ => Default,
    };

    /// <summary>The board called <paramref name="name"/>; throws with the known names otherwise.</summary>
    public static BoardDescription Find(string name) => name.ToLowerInvariant() switch
    {
        Cma34cr.Name => Cma34cr.Describe(SataMode.Ahci),
        Cma34cr.Name + "-ide" => Cma34cr.Describe(SataMode.Ide),
        _ => throw new ArgumentException($"unknown platform '{name}'; known platforms: {string.Join(", ", Names)}"),
    };

    /// <summary>The same board with the SATA controller in the other mode (AHCI ↔ IDE).</summary>
    public static string OtherSataMode(string name) =>
        name.Equals(Cma34cr.Name, StringComparison.OrdinalIgnoreCase) ? Cma34cr.Name + "-ide" : Cma34cr.Name;

    /// <summary>The board as facts for <see cref="PassthroughBoardCheck"/>.</summary>
    public static PassthroughPlatform ToCheckPlatform(BoardDescription board) => new(
        board.Name,
        [.. board.Devices.Select(d => new PlatformDevice(d.Address.Bus, d.Address.Device, d.Address.Function, d.Name,
            [.. d.MemoryBars.Select(b => new PlatformWindow(b.Base, b.Size))], [.. d.IoBars.Select(b => new PlatformWindow(b.Base, b.Size))],
            d.Irq?.Pin, d.Irq?.LevelTriggered ?? true, d.Irq?.ActiveLow ?? true))],
        GuestPlatformLines.All);

    /// <summary>A guest's passthrough lists as the machine's grant.</summary>
    public static PassthroughGrant ToGrant(GuestPassthrough p) => new(
        [.. p.IoPorts.Select(r => new GrantedPorts(r.Start, r.End, r.PciDevice, r.Name))],
        [.. p.PciDevices.Select(d => new GrantedDevice(d.Name, new PciAddress(d.Bus, d.Device, d.Function), d.Irq,
            [.. d.Memory.Select(m => new GrantedMemory(checked((uint)m.PhysicalAddress), checked((uint)m.Size)))]))],
        [.. p.Irqs.Select(i => new GrantedIrq(i.Name, i.Source, i.LevelTriggered, i.ActiveLow, i.Dest))]);
}
