using System.CommandLine;
using CamkesVm.Machine;
using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Storage;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// <c>camkes-vm run --disk FILE[,mode=ahci|ide][,readonly]</c>: raw disk images on the cma34cr's SATA controller
/// (00:1f.2, guest IRQ 11), one per port in the order given; all disks share the controller's mode (AHCI unless
/// the first disk says otherwise). The images are flushed and closed when the run ends.
/// </summary>
internal static class DiskRunOption
{
    public static readonly Option<string[]> Disk = new("--disk")
    {
        Description = "Raw disk image on the SATA controller: FILE[,mode=ahci|ide][,readonly] (repeatable; the guest sees /dev/sda, /dev/sdb...)",
    };

    /// <summary>Parses the specs and attaches the disks; the result closes them (flushing) when disposed.</summary>
    public static IDisposable Attach(PcMachine machine, string[]? specs, Action<string>? log)
    {
        var opened = Open(specs, log);
        if (opened.Disks.Count == 0) return opened;
        try
        {
            machine.AttachSata(opened.Mode ?? SataMode.Ahci, opened.Disks);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Opens the images the specs name (none: an empty set); the mode is the first disk's, if it says one.</summary>
    public static DiskSet Open(string[]? specs, Action<string>? log)
    {
        var opened = new DiskSet();
        try
        {
            foreach (var spec in specs ?? [])
            {
                var (path, diskMode, readOnly) = Parse(spec);
                opened.Mode ??= diskMode;
                opened.Disks.Add(RawDiskImage.Open(path, readOnly, log));
            }
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    private static (string Path, SataMode? Mode, bool ReadOnly) Parse(string spec)
    {
        var parts = spec.Split(',');
        if (parts[0].Length == 0) throw new ArgumentException($"--disk '{spec}': give the image file first, e.g. --disk root.img,mode=ide");
        SataMode? mode = null;
        bool readOnly = false;
        foreach (var p in parts.Skip(1))
        {
            switch (p.Trim().ToLowerInvariant())
            {
                case "mode=ahci": mode = SataMode.Ahci; break;
                case "mode=ide": mode = SataMode.Ide; break;
                case "readonly" or "ro": readOnly = true; break;
                default: throw new ArgumentException($"--disk '{spec}': unknown setting '{p}' (use mode=ahci, mode=ide or readonly)");
            }
        }
        return (parts[0], mode, readOnly);
    }

    /// <summary>Open disk images, closed (flushed) on dispose.</summary>
    public sealed class DiskSet : IDisposable
    {
        public readonly List<IDiskBackend> Disks = [];

        /// <summary>The controller mode the command line asked for, if any.</summary>
        public SataMode? Mode { get; set; }

        public void Dispose()
        {
            foreach (var d in Disks) d.Dispose();
        }
    }
}
