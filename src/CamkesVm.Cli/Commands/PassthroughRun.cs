using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Devices.Net;
using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Net;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// A VM whose spec passes cma34cr devices through (seed: "Booting from hard drive", "Passthrough Ethernet"): the
/// emulated board is built for it with the real device models — the SATA controller over the --disk images, in the
/// mode the spec's I/O ranges belong to, and the 82574L on the --net backend (default <c>user</c>) — and the
/// machine gets exactly what the spec grants (<see cref="PcMachine.AttachPassthrough"/>). Without --disk, a VM
/// granted the SATA controller boots from <see cref="DefaultDisk"/> in the app folder.
/// </summary>
internal static class PassthroughRun
{
    /// <summary>The disk image a hard-drive app uses when --disk is not given.</summary>
    public const string DefaultDisk = "disk.img";

    public static IDisposable Attach(PcMachine machine, GuestConfiguration guest, RunSettings settings, string appFolder)
    {
        var grant = LspciPlatform.ToGrant(guest.Passthrough);
        var mode = SataModeOf(grant);
        var disks = DiskRunOption.Open(DiskSpecs(grant, guest, settings, appFolder), settings.Log);
        try
        {
            if (disks.Mode is { } asked && asked != mode)
                settings.Log?.Invoke($"{guest.InstanceName}: the spec's SATA ranges are those of {mode} mode; --disk's mode={asked} is ignored");
            var board = Board.Build(Cma34cr.Describe(mode), d => Model(d, mode, disks, machine, settings));
            machine.AttachPassthrough(board, grant);
            return disks;
        }
        catch
        {
            disks.Dispose();
            throw;
        }
    }

    private static PciFunction? Model(BoardDevice device, SataMode mode, DiskRunOption.DiskSet disks, PcMachine machine, RunSettings settings)
    {
        if (device.Address == Cma34cr.Sata) return new PchSataController(mode, disks.Disks, machine.Memory, settings.Log);
        if (device.Address != Cma34cr.Ethernet) return null;
        return new Intel82574L(NetworkBackends.Create(settings.Net ?? "user", settings.Log), machine.Memory).ServedBy(machine);
    }

    /// <summary>--disk as given; else, when the SATA controller is granted, the app folder's disk.img (which must exist).</summary>
    private static string[] DiskSpecs(Machine.Passthrough.PassthroughGrant grant, GuestConfiguration guest, RunSettings settings, string appFolder)
    {
        if (settings.Disks.Length > 0 || !grant.Devices.Any(d => d.Address == Cma34cr.Sata)) return settings.Disks;
        string image = Path.Combine(appFolder, DefaultDisk);
        if (File.Exists(image)) return [image];
        throw new ArgumentException(
            $"{guest.InstanceName} is granted the SATA controller (00:1f.2) but there is no disk: give --disk IMAGE, or make " +
            $"{image} (camkes-vm disk create --size 64M --root FOLDER {image})");
    }

    /// <summary>IDE when the granted ports include a task-file range only the IDE layout has (the seed's 0x40b0–0x40cf).</summary>
    private static SataMode SataModeOf(Machine.Passthrough.PassthroughGrant grant)
    {
        var ahci = IoBars(Cma34cr.Describe(SataMode.Ahci)).ToList();
        var ide = IoBars(Cma34cr.Describe(SataMode.Ide)).Where(b => !ahci.Any(a => a.Start < b.End && b.Start < a.End)).ToList();
        return grant.IoPorts.Any(p => ide.Any(b => p.Start >= b.Start && p.Start < b.End)) ? SataMode.Ide : SataMode.Ahci;
    }

    private static IEnumerable<(uint Start, uint End)> IoBars(BoardDescription board) =>
        board.Devices.Where(d => d.Address == Cma34cr.Sata)
             .SelectMany(d => d.Bars.Where(b => b.Kind == PciBarKind.Io).Select(b => (b.Base, b.Base + b.Size)));
}
