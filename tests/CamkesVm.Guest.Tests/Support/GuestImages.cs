namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// Facts about a linux/ folder's images: where they are, and the kernel release that bzimage was
/// built from (bzimage.version, written by build-kernel / build-rootfs).
/// </summary>
public sealed class GuestImages(string linuxDir)
{
    /// <summary>Each committed image must stay below this (the limit).</summary>
    public const long MaxImageBytes = 4L * 1024 * 1024;

    public static GuestImages Committed { get; } = new(RepoPaths.Linux);

    public string Dir { get; } = linuxDir;
    public string Bzimage => Path.Combine(Dir, "bzimage");
    public string RootfsBare => Path.Combine(Dir, "rootfs-bare.cpio");
    public string Rootfs => Path.Combine(Dir, "rootfs.cpio");

    /// <summary>The key=value lines of bzimage.version (release, package, fragment).</summary>
    public IReadOnlyDictionary<string, string> BzimageVersion =>
        File.ReadAllLines(Path.Combine(Dir, "bzimage.version"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);

    /// <summary>The kernel release, e.g. 6.1.192 (the /lib/modules folder name).</summary>
    public string Release => BzimageVersion["release"];

    /// <summary>The installed linux-source-6.1 version (dpkg), or null if the package is missing.</summary>
    public static string? InstalledKernelSource()
    {
        var query = HostTools.Run("dpkg-query", ["-W", "-f=${Version}", "linux-source-6.1"], TimeSpan.FromMinutes(1));
        return query.ExitCode == 0 && query.Output.Trim().Length > 0 ? query.Output.Trim() : null;
    }

    /// <summary>True when bzimage was built from the installed kernel source (build-rootfs then only prepares it).</summary>
    public bool MatchesInstalledKernelSource() =>
        BzimageVersion["package"] == $"linux-source-6.1 {InstalledKernelSource()}";
}
