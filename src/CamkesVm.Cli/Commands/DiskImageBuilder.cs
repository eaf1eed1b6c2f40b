using System.Diagnostics;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// Builds a raw disk image with an MBR and one ext4 partition holding a folder, without root: e2fsprogs'
/// <c>mke2fs -t ext4 -d FOLDER</c> fills a partition-sized file, which is copied behind the MBR at 1 MiB
/// (sector 2048, the alignment fdisk uses).
/// </summary>
internal static class DiskImageBuilder
{
    public const uint PartitionStart = 2048;
    private const long MinimumBytes = 8L << 20;

    /// <summary>Parses "64M", "1G", "512K" or a byte count.</summary>
    public static long ParseSize(string text)
    {
        string t = text.Trim();
        long factor = 1;
        if (t.Length > 0 && char.IsLetter(t[^1]))
        {
            factor = char.ToUpperInvariant(t[^1]) switch
            {
                'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30,
                _ => throw new ArgumentException($"size '{text}': the unit must be K, M or G (e.g. 64M)"),
            };
            t = t[..^1];
        }
        if (!long.TryParse(t, out long n) || n <= 0)
            throw new ArgumentException($"size '{text}' is not a positive number with an optional K/M/G unit (e.g. 64M)");
        long bytes = n * factor;
        if (bytes < MinimumBytes) throw new ArgumentException($"size '{text}' is below the 8M minimum for an ext4 root");
        if (bytes % DiskMbr.SectorSize != 0) throw new ArgumentException($"size '{text}' is not a whole number of 512-byte sectors");
        if (bytes / DiskMbr.SectorSize > uint.MaxValue) throw new ArgumentException($"size '{text}' is beyond the 2 TiB an MBR can address");
        return bytes;
    }

    /// <summary>Writes <paramref name="image"/>: MBR, then an ext4 filesystem labelled <paramref name="label"/> with <paramref name="root"/>'s contents.</summary>
    public static void Create(string image, long bytes, string? root, string label, Action<string> log)
    {
        if (root != null && !Directory.Exists(root)) throw new ArgumentException($"--root '{root}' is not a folder");
        string folder = Path.GetDirectoryName(Path.GetFullPath(image))!;
        if (!Directory.Exists(folder))
            throw new ArgumentException($"cannot write '{image}': folder '{folder}' does not exist; create it (mkdir -p) or give another path");
        uint sectors = (uint)(bytes / DiskMbr.SectorSize);
        uint partitionSectors = sectors - PartitionStart;
        string partition = image + ".part.tmp";
        try
        {
            MakeFilesystem(partition, partitionSectors, root, label, log);
            using var output = new FileStream(image, FileMode.Create, FileAccess.Write);
            output.SetLength(bytes);
            output.Write(DiskMbr.Build(PartitionStart, partitionSectors, DiskSignature(image)));
            output.Position = (long)PartitionStart * DiskMbr.SectorSize;
            using (var fs = File.OpenRead(partition)) fs.CopyTo(output, 1 << 20);
            output.Flush(flushToDisk: true);
        }
        finally
        {
            File.Delete(partition);
        }
    }

    private static void MakeFilesystem(string file, uint sectors, string? root, string label, Action<string> log)
    {
        using (var f = new FileStream(file, FileMode.Create, FileAccess.Write)) f.SetLength((long)sectors * DiskMbr.SectorSize);
        var args = new List<string> { "-q", "-F", "-t", "ext4", "-L", label, "-E", "root_owner=0:0" };
        if (root != null) args.AddRange(["-d", root]);
        args.AddRange([file, $"{(long)sectors * DiskMbr.SectorSize / 1024}k"]);
        string mke2fs = FindTool("mke2fs");
        log($"{mke2fs} {string.Join(' ', args)}");
        var psi = new ProcessStartInfo(mke2fs) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new ArgumentException($"mke2fs failed (exit {p.ExitCode}): {output.Trim()}");
    }

    /// <summary>Finds an e2fsprogs tool on PATH or in /sbin and /usr/sbin (where Debian installs it).</summary>
    public static string FindTool(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"]);
        foreach (var d in dirs)
        {
            string path = Path.Combine(d, name);
            if (File.Exists(path)) return path;
        }
        throw new ArgumentException($"{name} not found: install e2fsprogs (sudo apt-get install e2fsprogs)");
    }

    /// <summary>A disk signature derived from the file name, so the same command builds the same image.</summary>
    private static uint DiskSignature(string image)
    {
        uint h = 2166136261;
        foreach (char c in Path.GetFileName(image)) h = (h ^ c) * 16777619;
        return h;
    }
}
