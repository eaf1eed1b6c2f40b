using Xunit.Abstractions;
using CamkesVm.Guest.Tests.Boot;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.BuildRootfs;

/// <summary>
/// linux/build-rootfs end to end (the seed's 11 steps) on a copy of linux/ with a module and a
/// text file added, then the result booted under QEMU.
/// </summary>
public sealed class BuildRootfsEndToEndTests(BuiltTreeFixture built, ITestOutputHelper log) : IClassFixture<BuiltTreeFixture>
{
    private static readonly string[] SeedSteps =
    [
        "kernel source", "kernel configuration", "", "extract rootfs-bare.cpio", "build kernel modules",
        "instantiate init_template", "install camkes_init", "build libraries", "build programs",
        "copy text/* to /opt", "write rootfs.cpio",
    ];

    [Fact]
    public void BuildRootfs_Succeeds_RunningTheSeedStepsInOrder()
    {
        log.WriteLine($"build-rootfs took {built.Build.Elapsed.TotalSeconds:0} s:\n{built.Build.Output}");
        Assert.True(built.Build.ExitCode == 0, $"build-rootfs failed:\n{built.Build.Output}");
        var at = -1;
        for (var i = 0; i < SeedSteps.Length; i++)
        {
            var next = built.Build.Output.IndexOf($"==> [{i + 1}] {SeedSteps[i]}", StringComparison.Ordinal);
            Assert.True(next > at, $"step {i + 1} ({SeedSteps[i]}) missing or out of order:\n{built.Build.Output}");
            at = next;
        }
    }

    [Fact]
    public void Step3_OnlyPreparesModules_WhenBzimageMatchesTheSource_ElseRebuildsIt()
    {
        Assert.Equal(0, built.Build.ExitCode);
        var committed = File.ReadAllBytes(GuestImages.Committed.Bzimage);
        var after = File.ReadAllBytes(built.Images.Bzimage);
        if (built.BzimageMatchedSource)
        {
            Assert.Contains("==> [3] prepare the kernel source for modules (make modules_prepare)", built.Build.Output);
            Assert.True(committed.AsSpan().SequenceEqual(after), "bzimage changed although it matched the kernel source");
        }
        else
        {
            Assert.Contains("==> [3] rebuild bzimage", built.Build.Output);
            Assert.Equal($"linux-source-6.1 {GuestImages.InstalledKernelSource()}", built.Images.BzimageVersion["package"]);
        }
    }

    [Fact]
    public void Rootfs_HasBareEntries_Hello_InitScripts_Module_AndText()
    {
        Assert.Equal(0, built.Build.ExitCode);
        var rootfs = CpioArchive.Load(built.Images.Rootfs);
        var release = built.Images.Release;
        RootfsAssert.KeepsEveryBareEntry(CpioArchive.Load(built.Images.RootfsBare), rootfs);
        RootfsAssert.HasStaticHello(rootfs);
        RootfsAssert.HasInitScripts(rootfs, release, built.Tree.Linux);
        Assert.Contains($"insmod /lib/modules/{release}/kernel/drivers/vmm/{BuiltTreeFixture.ModuleName}.ko", rootfs["/etc/init.d/S20modules"].Text);
        // A module loads only into the kernel whose release and options its vermagic names.
        var module = rootfs[$"/lib/modules/{release}/kernel/drivers/vmm/{BuiltTreeFixture.ModuleName}.ko"].Text;
        Assert.Contains($"vermagic={release} ", module);
        Assert.Equal(BuiltTreeFixture.TextContent, rootfs[$"/opt/{BuiltTreeFixture.TextFile}"].Text);
        Assert.InRange(new FileInfo(built.Images.Rootfs).Length, 1, GuestImages.MaxImageBytes - 1);
    }

    [Fact]
    public void BuiltRootfs_Boots_LoadsTheModule_RunsHello_AndPowersOff()
    {
        Assert.Equal(0, built.Build.ExitCode);
        using var shell = GuestShell.BootAndLogin(built.Images.Bzimage, built.Images.Rootfs);
        Assert.Contains(BuiltTreeFixture.ModuleMessage, shell.Banner);
        var modules = shell.Run($"grep -c '^{BuiltTreeFixture.ModuleName} ' /proc/modules");
        Assert.Equal(["1"], modules.Lines);
        var hello = shell.Run("hello");
        Assert.Equal(["Hello, World!"], hello.Lines);
        QemuBootTests.AssertPowersOff(shell);
    }
}
