using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// Mistyped options of <c>camkes-vm run</c> and <c>camkes-vm disk create</c> are reported before anything boots, as the
/// option's fault, with what to do (exit 2) — not as a VM of the spec that failed to build.
/// </summary>
public sealed class RunOptionErrorTests
{
    private static readonly string App = Path.Combine(RepoPaths.Root, "apps", "cma34cr_minimal");

    [Theory]
    [InlineData("foo")]
    [InlineData("tap:")]
    [InlineData("switch")]
    public void An_unknown_net_backend_names_the_accepted_spellings(string net)
    {
        var (code, _, stderr) = CliProcess.Run("run", App, "--net", net);
        Assert.Equal(2, code);
        Assert.Contains($"camkes-vm run: unknown network backend '{net}': use user | switch:NAME | tap:IFNAME", stderr);
        Assert.DoesNotContain("failed while building the VM", stderr);
    }

    [Fact]
    public void A_trace_file_in_a_missing_folder_is_named_with_the_folder()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"camkes-vm-no-such-{Guid.NewGuid():n}");
        var (code, _, stderr) = CliProcess.Run("run", App, "--trace", "insn", "--trace-file", Path.Combine(missing, "t.txt"));
        Assert.Equal(2, code);
        Assert.Contains($"folder '{missing}' does not exist; create it or give another path", stderr);
        Assert.DoesNotContain("failed while building the VM", stderr);
    }

    [Fact]
    public void A_disk_image_in_a_missing_folder_is_named_with_the_folder()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"camkes-vm-no-such-{Guid.NewGuid():n}");
        var (code, _, stderr) = CliProcess.Run("disk", "create", "--size", "16M", Path.Combine(missing, "disk.img"));
        Assert.Equal(2, code);
        Assert.Contains($"folder '{missing}' does not exist; create it (mkdir -p) or give another path", stderr);
        Assert.False(Directory.Exists(missing));
    }
}
