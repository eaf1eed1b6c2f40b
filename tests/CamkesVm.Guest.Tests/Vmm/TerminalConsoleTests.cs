using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// <c>camkes-vm run</c> on a real terminal (README, "Starting point": the console is in raw mode, every key goes to
/// the guest at once, Ctrl-A x quits). util-linux <c>script</c> gives the command a pseudo-terminal as its stdin and
/// stdout, as an interactive shell would; the keys are typed without Enter.
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class TerminalConsoleTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10);

    private static ConsoleProcess RunOnTerminal(params string[] args)
    {
        string command = string.Join(' ', ((string[])["dotnet", VmmGuest.CliDll, "run", .. args]).Select(Quote));
        return ConsoleProcess.Start("script", ["-qefc", command, "/dev/null"]);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";

    [Fact]
    public async Task Ctrl_A_x_typed_without_Enter_quits_with_status_0()
    {
        using var vm = RunOnTerminal("--kernel", Path.Combine(RepoPaths.Linux, "bzimage"), "--initrd", Path.Combine(RepoPaths.Linux, "rootfs.cpio"),
                                     "--append", VmmBootTests.SeedCmdline);
        vm.Console.WaitFor("login:", Boot);
        await vm.Console.Type("\u0001x");
        Assert.Equal(0, vm.WaitForExit(TimeSpan.FromMinutes(2)));
    }
}
