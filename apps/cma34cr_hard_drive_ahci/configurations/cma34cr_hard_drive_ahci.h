/* Guest configuration of the cma34cr_hard_drive_ahci app ("Booting from hard drive"): the seed's command line with
 * root=/dev/sda1 (without its earlyprintk and debug noise, as in cma34cr_minimal) and "rw" (our busybox init
 * does not remount the root read-write as Ubuntu's does), the kernel's file name, and no initrd: the kernel
 * mounts /dev/sda1, the first partition of the disk behind the passed-through SATA controller
 * (camkes-vm run apps/cma34cr_hard_drive_ahci --disk IMAGE, or disk.img in this folder), and runs its /sbin/init. */
#define VM_GUEST_CMDLINE "console=ttyS0,115200 i8042.nokbd=y i8042.nomux=y i8042.noaux=y io_delay=udelay noisapnp pci=nomsi root=/dev/sda1 rdinit=/init 2 rw"
#define KERNEL_IMAGE "bzimage"
#define ROOTFS ""
