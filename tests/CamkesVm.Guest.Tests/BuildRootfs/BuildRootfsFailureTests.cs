using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.BuildRootfs;

/// <summary>A failing step names itself and what to fix, and never damages the existing rootfs.cpio.</summary>
public sealed class BuildRootfsFailureTests
{
    [Fact]
    public void BrokenPkgMakefile_FailsInStep9NamingThePackage_AndKeepsTheOldRootfs()
    {
        using var tree = new LinuxTreeCopy();
        var rootfs = tree.In("rootfs.cpio");
        var before = File.ReadAllBytes(rootfs);
        // The seed's Makefile shape, with a source file that does not exist.
        tree.Write("pkg/broken/Makefile", """
            TARGET = broken

            include ../../common.mk
            include ../../common_app.mk

            broken: missing.o
            	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@

            """);
        var budget = GuestImages.Committed.MatchesInstalledKernelSource() ? BuiltTreeFixture.PrepareBudget : BuiltTreeFixture.RebuildBudget;

        var build = tree.BuildRootfs(budget);

        Assert.True(build.ExitCode != 0, $"build-rootfs succeeded with a broken package:\n{build.Output}");
        Assert.Contains("ERROR in step 9: build programs (pkg/*)", build.Output);
        Assert.Contains("building pkg/broken failed", build.Output);
        Assert.Contains("fix linux/pkg/broken", build.Output);
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(rootfs)), "rootfs.cpio changed although build-rootfs failed");
        Assert.Empty(Directory.GetFiles(tree.Linux, ".rootfs.cpio*"));
    }
}
