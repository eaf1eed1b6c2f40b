using System.Text;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Images;

/// <summary>
/// The prebuilt images committed in linux/ (so running needs no build): their size limit, the
/// content the issue asks for, and that bzimage.version tells the truth about bzimage.
/// </summary>
public sealed class CommittedImagesTests
{
    private static readonly GuestImages Images = GuestImages.Committed;

    [Theory]
    [InlineData("bzimage")]
    [InlineData("rootfs-bare.cpio")]
    [InlineData("rootfs.cpio")]
    public void Image_IsCommittedAndBelow4MB(string name)
    {
        var file = new FileInfo(Path.Combine(Images.Dir, name));
        Assert.True(file.Exists, $"linux/{name} is missing");
        Assert.InRange(file.Length, 1, GuestImages.MaxImageBytes - 1);
    }

    [Fact]
    public void Bzimage_KernelVersionString_MatchesBzimageVersionFile()
    {
        // Linux x86 boot protocol (Documentation/arch/x86/boot.rst): "HdrS" at 0x202, and the
        // 16-bit kernel_version field at 0x20E points to the version string, less 0x200.
        var image = File.ReadAllBytes(Images.Bzimage);
        Assert.Equal("HdrS", Encoding.ASCII.GetString(image, 0x202, 4));
        var at = BitConverter.ToUInt16(image, 0x20E) + 0x200;
        var end = Array.IndexOf(image, (byte)0, at);
        var version = Encoding.ASCII.GetString(image, at, end - at);
        Assert.StartsWith(Images.Release + " ", version);
    }

    [Fact]
    public void BzimageSymvers_ListsTheKernelsExportsForModpost()
    {
        // Module.symvers format: CRC, symbol, module ("vmlinux" for the kernel), export type, namespace.
        var exports = File.ReadAllLines(Path.Combine(Images.Dir, "bzimage.symvers"))
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 4 && fields[2] == "vmlinux")
            .Select(fields => fields[1])
            .ToHashSet();
        Assert.Contains("_printk", exports);
        Assert.Contains("__register_chrdev", exports);
    }

    [Fact]
    public void RootfsBare_HasRootLoginBannerAndConsoleNodes()
    {
        var bare = CpioArchive.Load(Images.RootfsBare);
        Assert.StartsWith("root:x:0:0:", bare["/etc/passwd"].Text);
        var shadow = bare["/etc/shadow"];
        Assert.Equal(CpioArchive.Octal("600"), shadow.Permissions);
        Assert.StartsWith("root:$", shadow.Text);
        Assert.Contains("Welcome to camkes-vm", bare["/etc/issue"].Text);
        Assert.Contains("getty", bare["/etc/inittab"].Text);
        var console = bare["/dev/console"];
        Assert.True(console.IsCharDevice && console.RdevMajor == 5 && console.RdevMinor == 1, "/dev/console must be char 5,1");
        Assert.True(bare["/init"].IsSymlink, "/init must link to busybox");
        Assert.True(ElfImage.Parse(bare["/bin/busybox"].Data).IsStaticI386, "/bin/busybox must be a static i386 program");
    }

    [Fact]
    public void Rootfs_IsBareRootfsPlusHelloAndInitScripts()
    {
        var rootfs = CpioArchive.Load(Images.Rootfs);
        RootfsAssert.KeepsEveryBareEntry(CpioArchive.Load(Images.RootfsBare), rootfs);
        RootfsAssert.HasStaticHello(rootfs);
        RootfsAssert.HasInitScripts(rootfs, Images.Release, Images.Dir);
    }

    [Fact]
    public void Rootfs_HasTheCrossVmAndPokeModules_LoadedByS20modules_ForTheCommittedKernel()
    {
        var rootfs = CpioArchive.Load(Images.Rootfs);
        var loader = rootfs["/etc/init.d/S20modules"].Text;
        foreach (var name in new[] { "dataport", "consumes_event", "emits_event", "poke" })
        {
            string path = $"/lib/modules/{Images.Release}/kernel/drivers/vmm/{name}.ko";
            Assert.Contains($"vermagic={Images.Release} ", rootfs[path].Text);
            Assert.Contains($"insmod {path}", loader);
        }
    }

    [Theory]
    [InlineData("dataport_init")]
    [InlineData("consumes_event_init")]
    [InlineData("emits_event_init")]
    [InlineData("print_client")]
    [InlineData("lspci")]
    public void Rootfs_HasOurProgramsAsStaticI386(string program)
    {
        var file = CpioArchive.Load(Images.Rootfs)[$"/usr/bin/{program}"];
        Assert.Equal(CpioArchive.Octal("755"), file.Permissions);
        Assert.True(ElfImage.Parse(file.Data).IsStaticI386, $"/usr/bin/{program} must be a static i386 program");
    }

    [Fact]
    public void Rootfs_HasUdhcpcsDefaultScript_WhereBusyboxLooksForIt()
    {
        var rootfs = CpioArchive.Load(Images.Rootfs);
        const string path = "/etc/udhcpc/default.script";
        Assert.Contains(path + "\0", System.Text.Encoding.Latin1.GetString(rootfs["/bin/busybox"].Data));
        var script = rootfs[path];
        Assert.Equal(CpioArchive.Octal("755"), script.Permissions);
        Assert.StartsWith("#!/bin/sh\n", script.Text);
        foreach (var step in new[] { "ip addr add", "ip route replace default", "/etc/resolv.conf" })
            Assert.Contains(step, script.Text);
    }
}
