/*
 * poke: the seed's "Adding a kernel module" example, final version. Writing anything to the
 * character device "poke" (see its major in /proc/devices; init_template creates /dev/poke) makes
 * hypercall 4 with argument 0, i.e. `vmcall` with EAX=4, EBX=0; the VMM's handler for token 4 runs.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>

#include <linux/uaccess.h>
#include <asm/kvm_para.h>
#include <asm/io.h>

#define DEVICE_NAME "poke"

static int major_number;

static ssize_t poke_write(struct file *f, const char __user *b, size_t s, loff_t *o)
{
    kvm_hypercall1(4, 0);
    return s;
}

static const struct file_operations fops = {
    .owner = THIS_MODULE,
    .write = poke_write,
};

static int __init poke_init(void)
{
    major_number = register_chrdev(0, DEVICE_NAME, &fops);
    if (major_number < 0) {
        printk(KERN_ERR "%s: register_chrdev failed (%d)\n", DEVICE_NAME, major_number);
        return major_number;
    }
    printk(KERN_INFO "%s initialized with major number %d\n", DEVICE_NAME, major_number);
    return 0;
}

static void __exit poke_exit(void)
{
    unregister_chrdev(major_number, DEVICE_NAME);
    printk(KERN_INFO "%s exit\n", DEVICE_NAME);
}

module_init(poke_init);
module_exit(poke_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Writes to /dev/poke make hypercall 4 (the seed's poke example)");
