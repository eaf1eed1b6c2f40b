using CamkesVm.Guest.Tests.Support;

namespace CamkesVm.Guest.Tests.BuildRootfs;

/// <summary>
/// Runs linux/build-rootfs once, end to end, in a copy of linux/ to which the user's additions of
/// the seed's "Adding to the guest" are made: a kernel module (built with a Makefile in the seed's
/// form and loaded by one more insmod line in init_template) and a file in text/. The committed
/// pkg/hello is built as it is.
/// </summary>
public sealed class BuiltTreeFixture : IDisposable
{
    /// <summary>Extract + configure + modules_prepare + build: minutes. A full kernel build
    /// (only when the installed kernel source differs from bzimage's) takes far longer.</summary>
    public static readonly TimeSpan PrepareBudget = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan RebuildBudget = TimeSpan.FromMinutes(60);

    public const string ModuleName = "guesttest";
    public const string ModuleMessage = "guesttest: loaded by init_template";
    public const string TextFile = "guesttest.txt";
    public const string TextContent = "copied to /opt by build-rootfs step 10\n";

    public LinuxTreeCopy Tree { get; } = new();

    /// <summary>Whether the committed bzimage was built from the installed kernel source.</summary>
    public bool BzimageMatchedSource { get; }

    public HostTools.Result Build { get; }

    public GuestImages Images => new(Tree.Linux);

    public BuiltTreeFixture()
    {
        BzimageMatchedSource = GuestImages.Committed.MatchesInstalledKernelSource();
        AddModule();
        Tree.Write($"text/{TextFile}", TextContent);
        Build = Tree.BuildRootfs(BzimageMatchedSource ? PrepareBudget : RebuildBudget);
    }

    private void AddModule()
    {
        Tree.Write($"modules/{ModuleName}/{ModuleName}.c", $$"""
            #include <linux/module.h>
            #include <linux/kernel.h>
            #include <linux/init.h>

            static int __init guesttest_init(void)
            {
                printk(KERN_INFO "{{ModuleMessage}}\n");
                return 0;
            }

            static void __exit guesttest_exit(void)
            {
            }

            module_init(guesttest_init);
            module_exit(guesttest_exit);
            MODULE_LICENSE("GPL");

            """);
        Tree.Write($"modules/{ModuleName}/Makefile", $"""
            obj-m += {ModuleName}.o

            all:
            {"\t"}make -C $(KHEAD) M=$(PWD) modules

            clean:
            {"\t"}make -C $(KHEAD) M=$(PWD) clean

            """);
        File.AppendAllText(Tree.In("init_template"),
            $"insmod /lib/modules/__LINUX_VERSION__/kernel/drivers/vmm/{ModuleName}.ko\n");
    }

    public void Dispose() => Tree.Dispose();
}
