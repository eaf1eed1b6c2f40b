using System.Diagnostics;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// The seed's habit at the repository root (README, "Starting point"): <c>make cma34cr_minimal_defconfig</c>
/// selects the app, <c>make</c> builds camkes-vm and checks the spec, <c>make run</c> boots it. The selection goes
/// to a temporary CONFIG file so the test leaves the working tree alone.
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class MakefileWrapperTests : IDisposable
{
    private static readonly TimeSpan Build = TimeSpan.FromMinutes(5);
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"camkes-vm-make-{Guid.NewGuid():n}.config");

    public void Dispose() => File.Delete(_config);

    private (int Code, string Output) Make(params string[] args)
    {
        var start = new ProcessStartInfo("make") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-C", RepoPaths.Root, $"CONFIG={_config}", .. args]) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(Build), $"make {string.Join(' ', args)} did not finish");
        return (p.ExitCode, stdout + stderr.Result);
    }

    [Fact]
    public void Defconfig_selects_the_app_and_make_checks_its_spec()
    {
        var (code, output) = Make("cma34cr_minimal_defconfig");
        Assert.True(code == 0, output);
        Assert.Contains("selected apps/cma34cr_minimal", output);
        Assert.Contains("APP := apps/cma34cr_minimal", File.ReadAllText(_config));

        (code, output) = Make();
        Assert.True(code == 0, output);
        Assert.Contains("check apps/cma34cr_minimal/vm.camkes", output);
    }

    [Fact]
    public void Make_without_a_selected_app_says_how_to_select_one()
    {
        var (code, output) = Make("check");
        Assert.NotEqual(0, code);
        Assert.Contains("no app selected: run e.g. 'make cma34cr_minimal_defconfig' first", output);
    }

    [Fact]
    public void Unknown_defconfig_names_the_apps_there_are()
    {
        var (code, output) = Make("no_such_app_defconfig");
        Assert.NotEqual(0, code);
        Assert.Contains("no app apps/no_such_app", output);
        Assert.Contains("cma34cr_minimal", output);
        Assert.False(File.Exists(_config));
    }

    [Fact]
    public async Task Make_run_boots_the_selected_app_to_login_and_poweroff_ends_it()
    {
        Assert.Equal(0, Make("cma34cr_minimal_defconfig").Code);
        using var vm = ConsoleProcess.Start("make", ["-s", "-C", RepoPaths.Root, $"CONFIG={_config}", "run"], stderrTag: "make");
        var c = vm.Console;
        c.WaitFor("login:", TimeSpan.FromMinutes(10));
        await RootLogin.AtPrompt(c, TimeSpan.FromMinutes(2));
        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(TimeSpan.FromMinutes(2)));
    }
}
