namespace CamkesVm.Guest.Tests.Support;

/// <summary>Checks shared by the tests of the committed rootfs.cpio and of a freshly built one.</summary>
public static class RootfsAssert
{
    /// <summary>
    /// build-rootfs starts from rootfs-bare.cpio: every bare entry must be there with the same type,
    /// permissions, owner, device numbers and (for files) content.
    /// </summary>
    public static void KeepsEveryBareEntry(CpioArchive bare, CpioArchive rootfs)
    {
        foreach (var (name, want) in bare.Entries)
        {
            Assert.True(rootfs.Contains(name), $"rootfs.cpio lost /{name} of rootfs-bare.cpio");
            var got = rootfs[name];
            Assert.True(
                (want.Mode, want.Uid, want.Gid, want.RdevMajor, want.RdevMinor) == (got.Mode, got.Uid, got.Gid, got.RdevMajor, got.RdevMinor),
                $"/{name}: rootfs-bare has mode {CpioArchive.ToOctal(want.Mode)} owner {want.Uid}:{want.Gid} dev {want.RdevMajor},{want.RdevMinor}; " +
                $"rootfs has mode {CpioArchive.ToOctal(got.Mode)} owner {got.Uid}:{got.Gid} dev {got.RdevMajor},{got.RdevMinor}");
            if (want.IsRegularFile)
            {
                Assert.True(want.Data.AsSpan().SequenceEqual(got.Data), $"/{name} differs from rootfs-bare.cpio");
            }
        }
    }

    /// <summary>/usr/bin/hello: root-owned, executable, a static i386 program (the guest has no C library).</summary>
    public static void HasStaticHello(CpioArchive rootfs)
    {
        var hello = rootfs["/usr/bin/hello"];
        Assert.True(hello.IsRegularFile, "/usr/bin/hello is not a regular file");
        Assert.Equal(CpioArchive.Octal("755"), hello.Permissions);
        Assert.Equal((0u, 0u), (hello.Uid, hello.Gid));
        var elf = ElfImage.Parse(hello.Data);
        Assert.True(elf.IsStaticI386, $"/usr/bin/hello: 32-bit={elf.Is32Bit} machine={elf.Machine} interpreter={elf.HasInterpreter}");
    }

    /// <summary>The module loader instantiated from init_template for <paramref name="release"/>, and camkes_init installed.</summary>
    public static void HasInitScripts(CpioArchive rootfs, string release, string linuxDir)
    {
        var modules = rootfs["/etc/init.d/S20modules"];
        Assert.Equal(CpioArchive.Octal("755"), modules.Permissions);
        Assert.DoesNotContain("__LINUX_VERSION__", modules.Text);
        Assert.Contains($"insmod /lib/modules/{release}/kernel/drivers/vmm/dataport.ko", modules.Text);
        var camkesInit = rootfs["/etc/init.d/S90camkes_init"];
        Assert.Equal(CpioArchive.Octal("755"), camkesInit.Permissions);
        Assert.Equal(File.ReadAllText(Path.Combine(linuxDir, "camkes_init")), camkesInit.Text);
    }
}
