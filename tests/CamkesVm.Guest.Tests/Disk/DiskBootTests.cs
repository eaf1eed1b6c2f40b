using CamkesVm.Guest.Tests.Support;
using CamkesVm.Guest.Tests.Vmm;

namespace CamkesVm.Guest.Tests.Disk;

/// <summary>
/// The seed's "Booting from hard drive": our Linux 6.1 with the seed's command line and <c>root=/dev/sda1</c>,
/// its root on a disk image made by <c>camkes-vm disk create</c> on the SATA controller in AHCI mode (Linux ahci)
/// and in IDE mode (ata_piix), driven over the serial console of <c>camkes-vm run --disk</c>.
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class DiskBootTests(DiskImages images) : IClassFixture<DiskImages>
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Command = TimeSpan.FromMinutes(2);

    /// <summary>The seed's VM_GUEST_CMDLINE for booting from the hard drive, without the earlyprintk/debug noise.</summary>
    public const string Cmdline = VmmBootTests.SeedCmdline + " root=/dev/sda1 rdinit=/init 2";

    private static ConsoleProcess Start(string image, string mode) =>
        VmmGuest.Run("--kernel", RepoPaths.InLinux("bzimage"), "--append", Cmdline, "--disk", $"{image},mode={mode}");

    private static async Task<SerialConsole> LoginRw(ConsoleProcess vm)
    {
        var c = vm.Console;
        c.WaitFor("login:", Boot);
        await c.SendLine("root");
        c.WaitFor("Password:", Command);
        await c.SendLine("root");
        c.WaitFor("# ", Command);
        await Run(c, "mount -o remount,rw /");
        return c;
    }

    private static async Task<string> Run(SerialConsole c, string command)
    {
        await c.SendLine(command);
        return c.WaitFor("# ", Command);
    }

    [Theory]
    [InlineData("ahci", "ahci")]
    [InlineData("ide", "ata_piix")]
    public async Task Boots_from_disk_writes_a_file_and_reads_it_after_poweroff(string mode, string driver)
    {
        string image = images.Copy($"persist-{mode}");
        using (var vm = Start(image, mode))
        {
            var c = await LoginRw(vm);
            Assert.Contains("/dev/root on / type ext4 (rw", await Run(c, "mount"));
            Assert.Contains("0000:00:1f.2", await Run(c, $"ls /sys/bus/pci/drivers/{driver}/"));
            await Run(c, $"echo kept-across-boots-{mode} > /root/persist.txt");
            await c.SendLine("poweroff");
            Assert.Equal(0, vm.WaitForExit(Command));
        }
        using (var vm = Start(image, mode))
        {
            var c = await LoginRw(vm);
            Assert.Contains($"kept-across-boots-{mode}", await Run(c, "cat /root/persist.txt"));
            await c.SendLine("poweroff");
            Assert.Equal(0, vm.WaitForExit(Command));
        }
        var fsck = DiskImages.E2fs("e2fsck", "-fn", images.ExtractPartition(image));
        Assert.True(fsck.ExitCode == 0, fsck.Output);
    }

    [Fact]
    public async Task A_vmm_killed_during_guest_writes_leaves_a_filesystem_that_replays_clean_with_flushed_files_intact()
    {
        string image = images.Copy("killed");
        using (var vm = Start(image, "ahci"))
        {
            var c = await LoginRw(vm);
            await Run(c, "i=0; while [ $i -lt 20 ]; do echo flushed-$i > /root/flushed-$i; i=$((i+1)); done; sync");
            await c.SendLine("i=0; while true; do dd if=/dev/zero of=/root/churn-$((i%8)) bs=4096 count=64 conv=fsync 2>/dev/null; i=$((i+1)); done");
            await Task.Delay(TimeSpan.FromSeconds(8));
        } // disposing kills the camkes-vm process (SIGKILL) while the writer loop runs

        var dirty = DiskImages.E2fs("dumpe2fs", "-h", images.ExtractPartition(image));
        Assert.Contains("needs_recovery", dirty.Output);

        using (var vm = Start(image, "ahci"))
        {
            var c = await LoginRw(vm);
            var files = await Run(c, "cat /root/flushed-*");
            for (int i = 0; i < 20; i++) Assert.Contains($"flushed-{i}", files);
            Assert.Contains("churn-0", await Run(c, "ls /root"));   // the writer loop did run before the kill
            await c.SendLine("poweroff");
            Assert.Equal(0, vm.WaitForExit(Command));
        }
        // The kernel replayed the journal. What a crash may still leave is what ext4 defines as safe for the boot
        // time check to repair (preen: e.g. free counts, or blocks allocated past an i_size that ordered mode kept
        // conservative); -p exits 4 or more for anything else. After it, a forced check must find nothing.
        string partition = images.ExtractPartition(image);
        var preen = DiskImages.E2fs("e2fsck", "-fp", partition);
        Assert.True(preen.ExitCode is 0 or 1, preen.Output);
        var fsck = DiskImages.E2fs("e2fsck", "-fn", partition);
        Assert.True(fsck.ExitCode == 0, fsck.Output);
    }
}
