using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Disk;

/// <summary>
/// Disk images for the boot-from-disk tests, made as a user makes them: linux/rootfs.cpio extracted into a folder
/// (host cpio), then <c>camkes-vm disk create --size 64M --root FOLDER</c>. The pristine image is built once;
/// each test boots its own copy. Host checks read the ext4 partition (1 MiB in) with Debian's e2fsprogs.
/// </summary>
public sealed class DiskImages : IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);
    private readonly string _dir = Directory.CreateTempSubdirectory("camkes-vm-disk-").FullName;

    public DiskImages()
    {
        string root = Path.Combine(_dir, "root");
        Directory.CreateDirectory(root);
        var cpio = HostTools.Run("sh", ["-c", $"cpio -idm --no-absolute-filenames --quiet < '{RepoPaths.InLinux("rootfs.cpio")}'"], ToolTimeout, root);
        Assert.True(File.Exists(Path.Combine(root, "bin", "busybox")), $"extracting linux/rootfs.cpio failed:\n{cpio.Output}");
        Pristine = Path.Combine(_dir, "pristine.img");
        var made = CreateImage(Pristine, root);
        Assert.True(made.ExitCode == 0, $"camkes-vm disk create failed:\n{made.Output}");
    }

    /// <summary>The image as the disk tool made it.</summary>
    public string Pristine { get; }

    /// <summary>Runs <c>camkes-vm disk create --size 64M --root ROOT IMAGE</c>.</summary>
    public static HostTools.Result CreateImage(string image, string root) =>
        HostTools.Run("dotnet", [VmmGuest.CliDll, "disk", "create", "--size", "64M", "--root", root, image], ToolTimeout);

    /// <summary>A fresh copy of the pristine image for one test.</summary>
    public string Copy(string name)
    {
        string path = Path.Combine(_dir, name + ".img");
        File.Copy(Pristine, path, overwrite: true);
        return path;
    }

    /// <summary>Copies partition 1 (from sector 2048 to the end) out of <paramref name="image"/> for e2fsprogs.</summary>
    public string ExtractPartition(string image)
    {
        string part = image + ".p1";
        using var input = File.OpenRead(image);
        using var output = File.Create(part);
        input.Position = 2048L * 512;
        input.CopyTo(output);
        return part;
    }

    /// <summary>Runs an e2fsprogs tool (in /sbin or /usr/sbin on Debian).</summary>
    public static HostTools.Result E2fs(string tool, params string[] args)
    {
        string program = HostTools.Find(tool) ?? new[] { "/usr/sbin/" + tool, "/sbin/" + tool }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{tool} not found: install e2fsprogs (scripts/install-test-deps.sh)");
        return HostTools.Run(program, args, ToolTimeout);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
