using System.Text.RegularExpressions;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// The seed's sections "Adding a kernel module" and "Cross VM Connectors" end to end, as a user runs them:
/// <c>camkes-vm run</c> on the app, log in, <c>echo &gt; /dev/poke</c> makes the app's VMM-side handler print
/// POKE!!!, and <c>print_client hello world</c> makes the native PrintServer component print each word — written in C
/// (the seed's print_server.c, apps/cma34cr_minimal) and in C# (apps/cma34cr_minimal_cs).
/// </summary>
[Collection(VmmCollection.Name)]
public class CrossVmAppTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10), Command = TimeSpan.FromMinutes(2);

    private static async Task<SerialConsole> Login(ConsoleProcess vm)
    {
        var c = vm.Console;
        c.WaitFor("login:", Boot);
        await RootLogin.AtPrompt(c, Command);
        return c;
    }

    /// <summary>What the console printed after <paramref name="command"/> was typed, up to the next prompt.</summary>
    private static async Task<string> Run(SerialConsole c, string command)
    {
        int before = c.Transcript.Length;
        await c.SendLine(command);
        c.WaitFor("# ", Command);
        string after = c.Transcript[before..];
        int echo = after.IndexOf(command, StringComparison.Ordinal);
        return echo < 0 ? after : after[(echo + command.Length)..];
    }

    private static void AssertPrintedInOrder(string output, params string[] lines)
    {
        var printed = output.Split('\n').Select(l => l.Trim('\r', ' ')).ToList();
        var indexes = lines.Select(l => printed.IndexOf(l)).ToList();
        Assert.True(indexes.All(i => i >= 0) && indexes.SequenceEqual(indexes.Order()),
            $"expected the lines {string.Join(", ", lines)} in this order in:\n{output}");
    }

    [Fact]
    public async Task Poke_reaches_the_apps_hypercall_handler_and_the_c_print_server_prints_each_word()
    {
        using var vm = VmmGuest.Run(Path.Combine(RepoPaths.Root, "apps", "cma34cr_minimal"));
        var c = await Login(vm);
        AssertPrintedInOrder(await Run(c, "echo > /dev/poke"), "POKE!!!");
        AssertPrintedInOrder(await Run(c, "print_client hello world"), "hello", "world");
        AssertPrintedInOrder(await Run(c, "print_client again"), "again");
        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(Command));
    }

    [Fact]
    public async Task The_csharp_print_server_prints_each_word()
    {
        using var vm = VmmGuest.Run(Path.Combine(RepoPaths.Root, "apps", "cma34cr_minimal_cs"));
        var c = await Login(vm);
        AssertPrintedInOrder(await Run(c, "print_client hello world"), "hello", "world");
        Assert.DoesNotMatch(new Regex("^POKE", RegexOptions.Multiline), await Run(c, "echo > /dev/poke"));
        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(Command));
    }
}
