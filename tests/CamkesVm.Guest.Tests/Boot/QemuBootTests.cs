using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Boot;

/// <summary>
/// The committed images under Debian's qemu-system-i386 (TCG), the outside oracle: the seed's
/// "Starting Point" (welcome line, <c>login:</c>, root/root) and "Adding a program" (<c>hello</c>).
/// </summary>
public sealed class QemuBootTests
{
    private static readonly GuestImages Images = GuestImages.Committed;

    [Fact]
    public void RootfsBare_ShowsBanner_RejectsWrongPassword_LogsInAsRoot_AndPowersOff()
    {
        using var shell = GuestShell.BootAndLogin(Images.Bzimage, Images.RootfsBare, wrongPasswordFirst: true);
        Assert.Contains("Welcome to camkes-vm", shell.Banner);
        Assert.Contains("Login incorrect", shell.Banner);
        var id = shell.Run("id -u");
        Assert.Equal(0, id.ExitCode);
        Assert.Equal(["0"], id.Lines);
        AssertPowersOff(shell);
    }

    [Fact]
    public void Rootfs_HelloPrintsHelloWorld_AndPowersOff()
    {
        using var shell = GuestShell.BootAndLogin(Images.Bzimage, Images.Rootfs);
        // QEMU's TCG has no VMM behind vmcall (an invalid opcode there): the cross-VM drivers and camkes_init
        // must say so and carry on, never oops.
        Assert.Contains("consumes_event: the VMM does not deliver cross-VM events", shell.Banner);
        Assert.Contains("dataport_init: allocating /dev/camkes_data failed (errno 38)", shell.Banner);
        Assert.DoesNotContain("invalid opcode", shell.Banner);
        Assert.DoesNotContain("Oops", shell.Banner);
        var hello = shell.Run("hello");
        Assert.Equal(0, hello.ExitCode);
        Assert.Equal(["Hello, World!"], hello.Lines);
        AssertPowersOff(shell);
    }

    /// <summary><c>poweroff</c> must power the machine off (ACPI S5), not just halt or reboot it.</summary>
    internal static void AssertPowersOff(GuestShell shell)
    {
        Assert.Equal(0, shell.PowerOff());
        Assert.Contains("reboot: Power down", shell.Console.Transcript);
    }
}
