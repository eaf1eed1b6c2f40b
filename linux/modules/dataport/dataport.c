/*
 * dataport: guest side of cross-VM dataports (shared memory with a native component).
 *
 * Character device "dataport" (dynamic major), minor = dataport id (1..255, the spec's <dp>_id);
 * dataport_init creates the nodes. ioctls (camkes_cross_vm.h), arguments as decimal strings:
 *   DATAPORT_ALLOCATE  allocates a zeroed, page-aligned, physically contiguous buffer of the given size
 *                      and makes hypercall 1 / SHARE (id, guest-physical address, size), after which the
 *                      VMM has mapped the dataport's memory over those pages;
 *   DATAPORT_GET_PADDR the buffer's guest-physical address;  DATAPORT_GET_SIZE its size.
 * mmap maps the buffer into the caller (libcamkes' dataport_mmap).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/io.h>

#include "camkes_cross_vm.h"

struct dataport {
    void *buffer; /* kernel address of the shared pages, NULL until allocated */
    size_t size;
};

static struct dataport dataports[CROSS_VM_MAX_ID + 1];
static DEFINE_MUTEX(dataports_lock);
static int major;

static unsigned int dataport_id(struct file *f)
{
    return iminor(file_inode(f));
}

static int dataport_open(struct inode *inode, struct file *f)
{
    return iminor(inode) >= 1 ? 0 : -ENXIO;
}

static long read_decimal(unsigned long arg, unsigned long *value)
{
    char text[DATAPORT_IOCTL_BUFFER];
    long n = strncpy_from_user(text, (const char __user *)arg, sizeof(text));

    if (n < 0)
        return n;
    if (n == sizeof(text))
        return -EINVAL;
    return kstrtoul(text, 10, value);
}

static long write_decimal(unsigned long arg, unsigned long long value)
{
    char text[DATAPORT_IOCTL_BUFFER];
    int n = snprintf(text, sizeof(text), "%llu", value);

    return copy_to_user((char __user *)arg, text, n + 1) ? -EFAULT : 0;
}

static long dataport_allocate(unsigned int id, unsigned long arg)
{
    struct dataport *dp = &dataports[id];
    unsigned long size;
    void *buffer;
    long err = read_decimal(arg, &size);

    if (err)
        return err;
    if (size == 0 || size % PAGE_SIZE != 0) {
        pr_err("dataport %u: size %lu is not a positive multiple of %lu bytes\n", id, size, PAGE_SIZE);
        return -EINVAL;
    }
    if (dp->buffer) {
        pr_err("dataport %u: already allocated (%zu bytes)\n", id, dp->size);
        return -EBUSY;
    }
    buffer = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
    if (!buffer) {
        pr_err("dataport %u: cannot allocate %lu contiguous bytes\n", id, size);
        return -ENOMEM;
    }
    err = cross_vm_call(CROSS_VM_DATAPORT_TOKEN, CROSS_VM_DATAPORT_CMD_SHARE, id, virt_to_phys(buffer), size);
    if (err) {
        pr_err("dataport %u: the VMM refused to share %lu bytes at 0x%llx (%ld)\n", id, size,
               (unsigned long long)virt_to_phys(buffer), err);
        free_pages_exact(buffer, size);
        return err;
    }
    dp->buffer = buffer;
    dp->size = size;
    return 0;
}

static long dataport_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    unsigned int id = dataport_id(f);
    struct dataport *dp = &dataports[id];
    long result;

    mutex_lock(&dataports_lock);
    switch (cmd) {
    case DATAPORT_ALLOCATE:
        result = dataport_allocate(id, arg);
        break;
    case DATAPORT_GET_PADDR:
        result = dp->buffer ? write_decimal(arg, virt_to_phys(dp->buffer)) : -ENXIO;
        break;
    case DATAPORT_GET_SIZE:
        result = dp->buffer ? write_decimal(arg, dp->size) : -ENXIO;
        break;
    default:
        result = -ENOTTY;
    }
    mutex_unlock(&dataports_lock);
    return result;
}

static int dataport_mmap(struct file *f, struct vm_area_struct *vma)
{
    unsigned int id = dataport_id(f);
    struct dataport *dp = &dataports[id];
    unsigned long length = vma->vm_end - vma->vm_start;
    unsigned long offset = vma->vm_pgoff << PAGE_SHIFT;
    int err;

    pr_info("dataport received mmap for minor %u\n", id);
    mutex_lock(&dataports_lock);
    if (!dp->buffer)
        err = -ENXIO;
    else if (offset >= dp->size || length > dp->size - offset)
        err = -EINVAL;
    else
        err = remap_pfn_range(vma, vma->vm_start, (virt_to_phys(dp->buffer) >> PAGE_SHIFT) + vma->vm_pgoff,
                              length, vma->vm_page_prot);
    mutex_unlock(&dataports_lock);
    return err;
}

static const struct file_operations dataport_fops = {
    .owner = THIS_MODULE,
    .open = dataport_open,
    .unlocked_ioctl = dataport_ioctl,
    .mmap = dataport_mmap,
};

static int __init dataport_module_init(void)
{
    major = register_chrdev(0, DATAPORT_DEVICE_NAME, &dataport_fops);
    if (major < 0) {
        pr_err("dataport: register_chrdev failed (%d)\n", major);
        return major;
    }
    pr_info("dataport: major number %d\n", major);
    return 0;
}

/* Shared buffers are not freed: the VMM keeps its mapping over those guest pages (the ABI has no unshare),
 * so giving them back to the page allocator would put kernel data into the dataport. */
static void __exit dataport_module_exit(void)
{
    unregister_chrdev(major, DATAPORT_DEVICE_NAME);
}

module_init(dataport_module_init);
module_exit(dataport_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Cross-VM dataports: buffers shared with native components through hypercall 1");
