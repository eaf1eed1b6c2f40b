/* Guest configuration of the cma34cr_minimal app: boot arguments and the file names of the
 * guest kernel and initrd in the VMM's file archive. */
#define VM_GUEST_CMDLINE "console=ttyS0,115200 i8042.nokbd=y i8042.nomux=y i8042.noaux=y io_delay=udelay noisapnp pci=nomsi"
#define KERNEL_IMAGE "bzimage"
#define ROOTFS "rootfs.cpio"
