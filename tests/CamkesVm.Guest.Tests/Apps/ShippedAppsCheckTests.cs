using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Apps;

/// <summary>
/// Every app folder in apps/ passes <c>camkes-vm check</c> as a user runs it (<c>make APP_defconfig; make</c> runs
/// the same command, without --platform): no errors, no warnings, passthrough entries that fit the cma34cr board.
/// </summary>
public sealed class ShippedAppsCheckTests
{
    public static TheoryData<string> AppNames()
    {
        var names = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepoPaths.Root, "apps")).Order(StringComparer.Ordinal))
            names.Add(Path.GetFileName(dir));
        return names;
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public void App_passes_check_without_warnings(string app)
    {
        var check = HostTools.Run("dotnet", [VmmGuest.CliDll, "check", Path.Combine("apps", app, "vm.camkes")], TimeSpan.FromMinutes(2), RepoPaths.Root);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"apps/{app}/vm.camkes: ok:", check.Output);
        Assert.Contains(" 0 warning(s)", check.Output);
        Assert.DoesNotContain("error:", check.Output);
    }

    [Theory]
    [InlineData("cma34cr_hard_drive_ahci", "cma34cr", 1)]
    [InlineData("cma34cr_hard_drive_ide", "cma34cr-ide", 1)]
    [InlineData("cma34cr_ethernet", "cma34cr-ide", 2)]
    public void Passthrough_app_fits_the_board_in_its_sata_mode_and_not_in_the_other(string app, string platform, int devices)
    {
        string spec = Path.Combine("apps", app, "vm.camkes");
        var fits = HostTools.Run("dotnet", [VmmGuest.CliDll, "check", spec, "--platform", platform], TimeSpan.FromMinutes(2), RepoPaths.Root);
        Assert.True(fits.ExitCode == 0, fits.Output);
        Assert.Contains($"{devices} PCI passthrough device(s)", fits.Output);
        string other = platform == "cma34cr" ? "cma34cr-ide" : "cma34cr";
        var wrongMode = HostTools.Run("dotnet", [VmmGuest.CliDll, "check", spec, "--platform", other], TimeSpan.FromMinutes(2), RepoPaths.Root);
        Assert.True(wrongMode.ExitCode == 1, wrongMode.Output);
        Assert.Contains($"note: the passthrough entries fit --platform {platform}", wrongMode.Output);
    }
}
