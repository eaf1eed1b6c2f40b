using CamkesVm.Guest.Tests.Support;
using CamkesVm.Guest.Tests.Vmm;

namespace CamkesVm.Guest.Tests.Disk;

/// <summary>
/// The seed's "Booting from hard drive" as an app: the spec passes the cma34cr's SATA controller through with the
/// seed's AHCI entries (<c>vm0_config.ioports/pci_devices/irqs</c>), <c>camkes-vm run APP --disk image</c> puts the
/// image behind it, and the guest finds the controller where the original puts passthrough devices (00:01.0) with
/// its interrupt on line 11, and runs from /dev/sda1.
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class PassthroughBootTests(DiskImages images) : IClassFixture<DiskImages>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camkes-vm-passthrough-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string Spec = """
        #include <autoconf.h>
        #include <configurations/vm.h>

        component Init0 {
            VM_INIT_DEF()
        }

        component VM {
          composition {
              VM_COMPOSITION_DEF()
              VM_PER_VM_COMP_DEF(0)
          }
          configuration {
              VM_CONFIGURATION_DEF()
              VM_PER_VM_CONFIG_DEF(0, 2)
              vm0.guest_ram_mb = 128;
              vm0.kernel_cmdline = VM_GUEST_CMDLINE;
              vm0.kernel_image = KERNEL_IMAGE;
              vm0.kernel_relocs = KERNEL_IMAGE;
              vm0.initrd_image = "";
              vm0.iospace_domain = 0x0f;

              vm0_config.pci_devices_iospace = 1;
              vm0_config.ioports = [
                  {"start":0x4088, "end":0x4090, "pci_device":0x1f, "name":"SATA"},
                  {"start":0x4094, "end":0x4098, "pci_device":0x1f, "name":"SATA"},
                  {"start":0x4080, "end":0x4088, "pci_device":0x1f, "name":"SATA"},
                  {"start":0x4060, "end":0x4080, "pci_device":0x1f, "name":"SATA"},
              ];
              vm0_config.pci_devices = [
                  {
                      "name":"SATA",
                      "bus":0,
                      "dev":0x1f,
                      "fun":2,
                      "irq":"SATA",
                      "memory":[
                          {"paddr":0xc0713000, "size":0x800, "page_bits":12},
                      ],
                  },
              ];
              vm0_config.irqs = [
                  {"name":"SATA", "source":19, "level_trig":1, "active_low":1, "dest":11},
              ];
          }
        }
        """;

    private string CreateApp()
    {
        string app = Path.Combine(_root, "apps", "cma34cr_ahci");
        Directory.CreateDirectory(Path.Combine(app, "configurations"));
        File.WriteAllText(Path.Combine(app, "vm.camkes"), "import <VM/vm.camkes>;\nimport \"cma34cr.camkes\";\n\nassembly {\n    composition {\n        component VM vm;\n    }\n}\n");
        File.WriteAllText(Path.Combine(app, "cma34cr.camkes"), Spec);
        File.WriteAllText(Path.Combine(app, "configurations", "cma34cr_ahci.h"),
            $"#define VM_GUEST_CMDLINE \"{DiskBootTests.Cmdline}\"\n#define KERNEL_IMAGE \"bzimage\"\n");
        File.CreateSymbolicLink(Path.Combine(app, "bzimage"), RepoPaths.InLinux("bzimage"));
        return app;
    }

    [Fact]
    public async Task Spec_passthrough_gives_the_guest_the_sata_controller_at_00_01_0_and_it_boots_from_disk()
    {
        string image = images.Copy("passthrough-ahci");
        using var vm = VmmGuest.Run(CreateApp(), "--disk", image);
        var c = vm.Console;
        c.WaitFor("login:", TimeSpan.FromMinutes(10));
        await RootLogin.AtPrompt(c, TimeSpan.FromMinutes(2));
        await c.SendLine("ls /sys/bus/pci/drivers/ahci/; grep ahci /proc/interrupts; mount");
        string output = c.WaitFor("# ", TimeSpan.FromMinutes(2));
        Assert.Contains("0000:00:01.0", output);
        Assert.Matches(@"\n\s*11:\s+[1-9]\d*\s+XT-PIC\s+ahci\[0000:00:01\.0\]", output);
        Assert.Contains("/dev/root on / type ext4", output);
        await c.SendLine("poweroff");
        Assert.Equal(0, vm.WaitForExit(TimeSpan.FromMinutes(2)));
    }
}
