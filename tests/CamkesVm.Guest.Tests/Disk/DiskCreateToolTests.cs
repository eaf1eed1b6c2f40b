using System.Buffers.Binary;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Disk;

/// <summary>
/// <c>camkes-vm disk create</c> as a user runs it: the image's MBR (one Linux partition at 1 MiB covering the rest),
/// the ext4 filesystem in it as Debian's e2fsprogs read it, and the messages for wrong input.
/// </summary>
public sealed class DiskCreateToolTests(DiskImages images) : IClassFixture<DiskImages>
{
    [Fact]
    public void The_image_has_one_linux_partition_at_1_mib_holding_the_folder_as_ext4()
    {
        var bytes = File.ReadAllBytes(images.Pristine);
        Assert.Equal(64L << 20, bytes.LongLength);
        Assert.Equal((0x55, 0xAA), (bytes[510], bytes[511]));
        var entry = bytes.AsSpan(446, 16);
        Assert.Equal(0x83, entry[4]);                                        // Linux
        Assert.Equal(2048u, BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]));
        Assert.Equal((64u << 11) - 2048, BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]));
        Assert.True(bytes.AsSpan(462, 48).IndexOfAnyExcept((byte)0) < 0);    // partitions 2-4 empty

        string partition = images.ExtractPartition(images.Pristine);
        var header = DiskImages.E2fs("dumpe2fs", "-h", partition);
        Assert.Contains("Filesystem volume name:   root", header.Output);
        Assert.Contains("has_journal", header.Output);
        Assert.Contains("extent", header.Output);
        var inittab = DiskImages.E2fs("debugfs", "-R", "cat /etc/inittab", partition);
        var expected = CpioArchive.Load(RepoPaths.InLinux("rootfs.cpio"))["etc/inittab"].Text;
        Assert.Contains(expected.Trim(), inittab.Output);
        Assert.Equal(0, DiskImages.E2fs("e2fsck", "-fn", partition).ExitCode);
    }

    [Theory]
    [InlineData("1M", "below the 8M minimum")]
    [InlineData("64X", "unit must be K, M or G")]
    [InlineData("12.5M", "not a positive number")]
    public void Wrong_sizes_are_refused_with_the_reason(string size, string message)
    {
        var r = HostTools.Run("dotnet", [VmmGuest.CliDll, "disk", "create", "--size", size, Path.Combine(Path.GetTempPath(), "never.img")], TimeSpan.FromMinutes(1));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Output);
    }

    [Fact]
    public void A_missing_root_folder_is_refused()
    {
        var r = HostTools.Run("dotnet", [VmmGuest.CliDll, "disk", "create", "--root", "/nonexistent-root", Path.Combine(Path.GetTempPath(), "never.img")], TimeSpan.FromMinutes(1));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not a folder", r.Output);
    }
}
