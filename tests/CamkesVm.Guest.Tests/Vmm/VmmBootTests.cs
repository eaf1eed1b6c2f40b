using System.Text.RegularExpressions;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// Linux guests booted by our own VMM through <c>camkes-vm run</c>, driven over the serial console as a user
/// would: the tutorial's app with our kernel and rootfs, and the original project's own 4.8.16 guest.
/// </summary>
[Collection(VmmCollection.Name)]
public class VmmBootTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Command = TimeSpan.FromMinutes(2);

    /// <summary>The seed's command line of the starting app.</summary>
    public const string SeedCmdline = "console=ttyS0,115200 i8042.nokbd=y i8042.nomux=y i8042.noaux=y io_delay=udelay noisapnp pci=nomsi";

    private static async Task Login(SerialConsole console, string prompt = "login:")
    {
        console.WaitFor(prompt, Boot);
        await RootLogin.AtPrompt(console, Command);
    }

    private static async Task<string> Run(SerialConsole console, string command)
    {
        await console.SendLine(command);
        return console.WaitFor("# ", Command);
    }

    [Fact]
    public async Task Cma34cr_minimal_boots_to_login_runs_hello_and_powers_off()
    {
        using var vm = VmmGuest.Run(Path.Combine(RepoPaths.Root, "apps", "cma34cr_minimal"));
        var c = vm.Console;
        await Login(c);
        Assert.Contains("Hello, World!", await Run(c, "hello"));
        var cpuinfo = await Run(c, "cat /proc/cpuinfo");
        Assert.Matches(@"cpu family\s*:\s*6", cpuinfo);
        Assert.Contains("fpu\t\t: yes", cpuinfo);
        var interrupts = await Run(c, "cat /proc/interrupts");
        Assert.True(Count(interrupts, "timer") > 0, c.Describe("the timer interrupt is not counting"));
        Assert.True(Count(interrupts, "ttyS0") > 0, c.Describe("the serial interrupt is not counting"));
        // Tickless idle (CONFIG_NO_HZ_IDLE): a guest sleeping 2 s takes far fewer than the periodic HZ=250's 500 ticks
        // (counting both clock events: the 8254 on IRQ 0, used while booting, and the local APIC timer after that).
        Assert.True(Count(interrupts, "Local timer interrupts") > 0, c.Describe("the local APIC timer is not counting"));
        long before = Ticks(interrupts);
        long ticks = Ticks(await Run(c, "sleep 2; cat /proc/interrupts")) - before;
        Assert.True(ticks is > 0 and < 250, c.Describe($"{ticks} timer interrupts while the guest slept 2 s"));
        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(Command));
    }

    [Fact]
    public async Task Original_projects_4_8_16_guest_boots_to_buildroot_login()
    {
        string kernel = RepoPaths.Shared("seL4-images/bzimage-4.8.16");
        string rootfs = RepoPaths.Shared("seL4-images/rootfs-bare.cpio");
        using var vm = VmmGuest.Run("--kernel", kernel, "--initrd", rootfs, "--append", SeedCmdline, "--memory", "256");
        var c = vm.Console;
        await Login(c, "buildroot login:");
        Assert.Contains("4.8.16", await Run(c, "uname -r"));
    }

    [Fact]
    public void Two_boots_in_virtual_time_print_the_same_console_output()
    {
        string Boot()
        {
            using var vm = VmmGuest.Run(Path.Combine(RepoPaths.Root, "apps", "cma34cr_minimal"), "--max-instructions", "150000000");
            vm.WaitForExit(VmmBootTests.Boot);
            return vm.Console.Transcript;
        }
        string first = Boot();
        Assert.Contains("[    0.", first);
        Assert.Equal(first, Boot());
    }

    private static long Ticks(string interrupts) => Count(interrupts, "timer") + Count(interrupts, "Local timer interrupts");

    /// <summary>The count column of the /proc/interrupts line naming <paramref name="name"/>.</summary>
    private static long Count(string interrupts, string name)
    {
        var line = interrupts.Split('\n').FirstOrDefault(l => l.Contains(name));
        var m = line == null ? null : Regex.Match(line, @"^\s*\w+:\s+(\d+)");
        return m is { Success: true } ? long.Parse(m.Groups[1].Value) : -1;
    }
}

/// <summary>VMM boots run one at a time (each keeps a core busy).</summary>
[CollectionDefinition(Name)]
public sealed class VmmCollection
{
    public const string Name = "vmm boots";
}
