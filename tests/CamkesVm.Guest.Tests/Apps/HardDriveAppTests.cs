using CamkesVm.Guest.Tests.Disk;
using CamkesVm.Guest.Tests.Support;
using CamkesVm.Guest.Tests.Vmm;

namespace CamkesVm.Guest.Tests.Apps;

/// <summary>
/// The seed's "Booting from hard drive" with the shipped apps: the spec passes the cma34cr's SATA controller through
/// with the seed's AHCI or IDE entries, <c>camkes-vm run APP --disk image</c> puts the image behind it, and the
/// guest's driver (ahci, ata_piix) finds the controller at 00:01.0 with its interrupt on line 11 and runs from
/// /dev/sda1. The guest sees no device it was not given.
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class HardDriveAppTests(DiskImages images) : IClassFixture<DiskImages>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camkes-vm-apps-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Without_disk_or_disk_img_run_says_how_to_give_one()
    {
        string app = AppBoot.CopyApp("cma34cr_hard_drive_ahci", _root);
        var run = HostTools.Run("dotnet", [VmmGuest.CliDll, "run", app], TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("is granted the SATA controller (00:1f.2) but there is no disk: give --disk IMAGE", run.Output);
        Assert.Contains($"camkes-vm disk create --size 64M --root FOLDER {Path.Combine(app, "disk.img")}", run.Output);
    }

    [Fact]
    public async Task Ahci_app_boots_from_the_disk_img_in_its_folder_with_the_sata_controller_at_00_01_0()
    {
        string app = AppBoot.CopyApp("cma34cr_hard_drive_ahci", _root);
        File.Move(images.Copy("app-ahci"), Path.Combine(app, "disk.img"));
        using var vm = await AppBoot.StartFolderAndLogin(app);
        Assert.Equal([AppBoot.HostBridge, AppBoot.SataAhci], await AppBoot.Lspci(vm));
        Assert.Contains("0000:00:01.0", await AppBoot.Ok(vm, "ls /sys/bus/pci/drivers/ahci/"));
        Assert.Matches(@"(^|\n)\s*11:\s+[1-9]\d*\s+IO-APIC\s+11-fasteoi\s+ahci\[0000:00:01\.0\]", await AppBoot.Ok(vm, "cat /proc/interrupts"));
        Assert.Contains("/dev/root on / type ext4 (rw", await AppBoot.Ok(vm, "mount"));
        await AppBoot.PowerOff(vm);
    }

    [Fact]
    public async Task Ide_app_boots_from_disk_through_ata_piix_and_keeps_a_file_across_poweroff()
    {
        string image = images.Copy("app-ide");
        using (var vm = await AppBoot.StartAndLogin("cma34cr_hard_drive_ide", image))
        {
            Assert.Equal([AppBoot.HostBridge, AppBoot.SataIde], await AppBoot.Lspci(vm));
            Assert.Contains("0000:00:01.0", await AppBoot.Ok(vm, "ls /sys/bus/pci/drivers/ata_piix/"));
            Assert.Matches(@"(^|\n)\s*11:\s+[1-9]\d*\s+IO-APIC\s+11-fasteoi\s+ata_piix", await AppBoot.Ok(vm, "cat /proc/interrupts"));
            Assert.Contains("/dev/root on / type ext4 (rw", await AppBoot.Ok(vm, "mount"));
            await AppBoot.Ok(vm, "echo written-through-ata-piix > /root/kept.txt");
            await AppBoot.PowerOff(vm);
        }
        using (var vm = await AppBoot.StartAndLogin("cma34cr_hard_drive_ide", image))
        {
            Assert.Contains("written-through-ata-piix", await AppBoot.Ok(vm, "cat /root/kept.txt"));
            await AppBoot.PowerOff(vm);
        }
        var fsck = DiskImages.E2fs("e2fsck", "-fn", images.ExtractPartition(image));
        Assert.True(fsck.ExitCode == 0, fsck.Output);
    }
}
