using System.Text.RegularExpressions;
using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// Debian's own i386 kernel (linux-image-686: SMP, local APIC, IO-APIC, ACPI all built in) booted by our VMM
/// with our rootfs: the interrupt-controller and ACPI paths that our small guest kernel leaves out. The kernel
/// is fetched by scripts/install-test-deps.sh into the cache.
/// </summary>
[Collection(VmmCollection.Name)]
public class DistroKernelTests
{
    private static string Kernel
    {
        get
        {
            string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x
                ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            string k = Path.Combine(cache, "camkes-vm", "debian-686", "vmlinuz");
            Assert.True(File.Exists(k), $"{k} is missing: run scripts/install-test-deps.sh (it fetches Debian's linux-image-686)");
            return k;
        }
    }

    [Fact]
    public async Task Debian_686_kernel_finds_cpu_apics_and_pci_through_acpi_and_uses_them()
    {
        using var vm = VmmGuest.Run("--kernel", Kernel, "--initrd", RepoPaths.InLinux("rootfs.cpio"),
            "--append", VmmBootTests.SeedCmdline, "--memory", "256");
        var c = vm.Console;
        c.WaitFor("login:", TimeSpan.FromMinutes(10));
        await RootLogin.AtPrompt(c, TimeSpan.FromMinutes(2));

        string boot = c.Transcript;
        Assert.Contains("ACPI: Using ACPI (MADT) for SMP configuration information", boot);
        Assert.Contains("IOAPIC[0]: apic_id 0, version 17, address 0xfec00000, GSI 0-23", boot);
        Assert.Contains("Enabling APIC mode:  Flat.  Using 1 I/O APICs", boot);
        Assert.Contains("ACPI: Using IOAPIC for interrupt routing", boot);
        Assert.Contains("ACPI: PCI Root Bridge [PCI0]", boot);
        Assert.Contains("pci 0000:00:00.0: [8086:1237]", boot);

        await c.SendLine("cat /proc/interrupts");
        string interrupts = c.WaitFor("# ", TimeSpan.FromMinutes(2));
        Assert.Matches(new Regex(@"^\s*4:\s+[1-9]\d*\s+IO-APIC\s+4-edge\s+ttyS0", RegexOptions.Multiline), interrupts);
        Assert.Matches(new Regex(@"^\s*LOC:\s+[1-9]\d*\s+Local timer interrupts", RegexOptions.Multiline), interrupts);

        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(TimeSpan.FromMinutes(2)));
    }
}
