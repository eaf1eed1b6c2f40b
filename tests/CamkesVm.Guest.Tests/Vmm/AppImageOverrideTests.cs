using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.Vmm;

/// <summary>
/// <c>camkes-vm run APP --kernel K --initrd I</c> boots K and I instead of the spec's images, and never reads the
/// images the spec names (as <c>qemu -kernel</c> overrides whatever a configuration says): an app whose
/// <c>kernel_image</c> and <c>initrd_image</c> do not exist still boots with the overrides.
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class AppImageOverrideTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camkes-vm-override-").FullName;

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
              vm0.kernel_cmdline = "console=ttyS0,115200 pci=nomsi";
              vm0.kernel_image = "no-such-bzimage";
              vm0.kernel_relocs = "no-such-bzimage";
              vm0.initrd_image = "no-such-rootfs.cpio";
          }
        }
        """;

    private string CreateApp()
    {
        string app = Path.Combine(_root, "apps", "override");
        Directory.CreateDirectory(Path.Combine(app, "configurations"));
        File.WriteAllText(Path.Combine(app, "vm.camkes"), "import <VM/vm.camkes>;\nimport \"override.camkes\";\n\nassembly {\n    composition {\n        component VM vm;\n    }\n}\n");
        File.WriteAllText(Path.Combine(app, "override.camkes"), Spec);
        File.WriteAllText(Path.Combine(app, "configurations", "override.h"), "");
        return app;
    }

    [Fact]
    public void Kernel_and_initrd_options_replace_images_the_spec_names_without_reading_them()
    {
        using var vm = VmmGuest.Run(CreateApp(), "--kernel", RepoPaths.InLinux("bzimage"), "--initrd", RepoPaths.InLinux("rootfs.cpio"));
        var c = vm.Console;
        string boot = c.WaitFor("login:", TimeSpan.FromMinutes(10));
        Assert.Contains("Linux version", boot);
        Assert.DoesNotContain("no-such", vm.Stderr);
    }
}
