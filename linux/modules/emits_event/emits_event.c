/*
 * emits_event: guest side of events sent by the guest to native components (cross-VM notifications).
 *
 * Character device "emits_event" (dynamic major), minor = event id (1..255); emits_event_init creates the
 * nodes. The ioctl EMITS_EVENT_EMIT makes hypercall 3 / EMIT with the node's id; the VMM emits the
 * notification and the guest continues at once (events never block).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>

#include "camkes_cross_vm.h"

static int major;

static int emits_event_open(struct inode *inode, struct file *f)
{
    return iminor(inode) >= 1 ? 0 : -ENXIO;
}

static long emits_event_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    unsigned int id = iminor(file_inode(f));

    if (cmd != EMITS_EVENT_EMIT)
        return -ENOTTY;
    return cross_vm_call(CROSS_VM_EMIT_TOKEN, CROSS_VM_EMIT_CMD_EMIT, id, 0, 0);
}

static const struct file_operations emits_event_fops = {
    .owner = THIS_MODULE,
    .open = emits_event_open,
    .unlocked_ioctl = emits_event_ioctl,
};

static int __init emits_event_module_init(void)
{
    major = register_chrdev(0, EMITS_EVENT_DEVICE_NAME, &emits_event_fops);
    if (major < 0) {
        pr_err("emits_event: register_chrdev failed (%d)\n", major);
        return major;
    }
    pr_info("emits_event: major number %d\n", major);
    return 0;
}

static void __exit emits_event_module_exit(void)
{
    unregister_chrdev(major, EMITS_EVENT_DEVICE_NAME);
}

module_init(emits_event_module_init);
module_exit(emits_event_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Cross-VM emitted events: hypercall 3");
