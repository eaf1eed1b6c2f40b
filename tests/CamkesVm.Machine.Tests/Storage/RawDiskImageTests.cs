using CamkesVm.Machine.Storage;

namespace CamkesVm.Machine.Tests.Storage;

/// <summary>The raw image backend: positioned sector I/O on the file, range checks, flush and clear errors.</summary>
public sealed class RawDiskImageTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"camkes-vm-raw-{Guid.NewGuid():N}.img");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Writes_reach_the_file_before_flush_or_dispose_and_reads_see_them()
    {
        File.WriteAllBytes(_path, new byte[64 * 512]);
        using var disk = RawDiskImage.Open(_path);
        Assert.Equal(64, disk.SectorCount);
        var data = Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray();
        Assert.True(disk.Write(5, data));
        using (var other = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            var seen = new byte[1024];
            other.Position = 5 * 512;
            other.ReadExactly(seen);
            Assert.Equal(data, seen);                          // no user-space cache: a killed VMM loses nothing completed
        }
        var back = new byte[1024];
        Assert.True(disk.Read(5, back));
        Assert.Equal(data, back);
        Assert.True(disk.Flush());
    }

    [Fact]
    public void Out_of_range_and_read_only_writes_fail_without_throwing()
    {
        File.WriteAllBytes(_path, new byte[8 * 512]);
        using (var disk = RawDiskImage.Open(_path))
        {
            Assert.False(disk.Read(7, new byte[1024]));
            Assert.False(disk.Write(-1, new byte[512]));
            Assert.False(disk.Write(0, new byte[100]));
        }
        using var ro = RawDiskImage.Open(_path, readOnly: true);
        Assert.True(ro.ReadOnly);
        Assert.False(ro.Write(0, new byte[512]));
        Assert.True(ro.Read(0, new byte[512]));
    }

    [Fact]
    public void Bad_images_are_rejected_with_the_fix()
    {
        var missing = Assert.Throws<DiskImageException>(() => RawDiskImage.Open(_path));
        Assert.Contains("camkes-vm disk create", missing.Message);
        File.WriteAllBytes(_path, new byte[1000]);
        var odd = Assert.Throws<DiskImageException>(() => RawDiskImage.Open(_path));
        Assert.Contains("multiple of 512", odd.Message);
    }
}
