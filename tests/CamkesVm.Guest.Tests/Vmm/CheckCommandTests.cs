using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// <c>camkes-vm check</c> given an app folder, as <c>camkes-vm run</c> takes one (README, "Checking a spec"): it checks
/// the folder's <c>vm.camkes</c>; a folder without a recognisable top-level spec gets an error that says what to do.
/// </summary>
public sealed class CheckCommandTests
{
    private static (int Code, string Stdout, string Stderr) Check(string target) => CliProcess.Run("check", target);

    [Fact]
    public void An_app_folder_is_checked_through_its_vm_camkes()
    {
        string app = Path.Combine(RepoPaths.Root, "apps", "cma34cr_minimal");
        var (code, stdout, stderr) = Check(app);
        Assert.True(code == 0, stderr);
        Assert.StartsWith(Path.Combine(app, "vm.camkes") + ": ok:", stdout);
    }

    [Fact]
    public void A_folder_without_a_top_level_spec_is_an_error_that_says_what_to_give()
    {
        string empty = Directory.CreateTempSubdirectory("camkes-vm-check-").FullName;
        try
        {
            var (code, _, stderr) = Check(empty);
            Assert.Equal(2, code);
            Assert.Contains("cannot tell which .camkes file is the top-level spec; name it vm.camkes or pass the file", stderr);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
