/*
 * consumes_event: guest side of events sent by native components to the guest (cross-VM notifications).
 *
 * Character device "consumes_event" (dynamic major), minor = event id (1..255); consumes_event_init
 * creates the nodes. At load the driver gives the VMM one zeroed page (hypercall 2 / INIT) and checks that
 * the VMM stamped it with CROSS_VM_EVENT_MAGIC. For each event the VMM writes the id into the page and raises
 * IRQ 12; the handler reads the id, acknowledges (hypercall 2 / ACK), latches the event and wakes waiters.
 * poll() on a node reports POLLIN once per latched event and clears it, so events behave as notifications:
 * one that fired while nobody waited is seen by the next wait, several fired in a row coalesce.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/bitops.h>
#include <asm/io.h>

#include "camkes_cross_vm.h"

static struct cross_vm_event_page *event_page;
static bool vmm_ready;
static DECLARE_BITMAP(latched, CROSS_VM_MAX_ID + 1);
static DECLARE_WAIT_QUEUE_HEAD(waiters);
static int major;

static irqreturn_t event_interrupt(int irq, void *cookie)
{
    unsigned int id;

    if (!vmm_ready)
        return IRQ_NONE;
    id = READ_ONCE(event_page->id);
    cross_vm_hypercall(CROSS_VM_EVENT_TOKEN, CROSS_VM_EVENT_CMD_ACK, 0, 0, 0);
    if (id < 1 || id > CROSS_VM_MAX_ID) {
        pr_warn_ratelimited("consumes_event: the VMM signalled event id %u, outside 1..%d\n", id, CROSS_VM_MAX_ID);
        return IRQ_HANDLED;
    }
    set_bit(id, latched);
    wake_up_interruptible(&waiters);
    return IRQ_HANDLED;
}

static int consumes_event_open(struct inode *inode, struct file *f)
{
    if (iminor(inode) < 1)
        return -ENXIO;
    return vmm_ready ? 0 : -ENODEV;
}

static __poll_t consumes_event_poll(struct file *f, poll_table *wait)
{
    unsigned int id = iminor(file_inode(f));

    poll_wait(f, &waiters, wait);
    return test_and_clear_bit(id, latched) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations consumes_event_fops = {
    .owner = THIS_MODULE,
    .open = consumes_event_open,
    .poll = consumes_event_poll,
};

/* Hands the event page to the VMM; false (with a log line) if this VMM has no cross-VM events. */
static bool connect_to_vmm(void)
{
    int err;

    event_page = (struct cross_vm_event_page *)get_zeroed_page(GFP_KERNEL);
    if (!event_page)
        return false;
    err = cross_vm_call(CROSS_VM_EVENT_TOKEN, CROSS_VM_EVENT_CMD_INIT, virt_to_phys(event_page), 0, 0);
    if (err || READ_ONCE(event_page->magic) != CROSS_VM_EVENT_MAGIC) {
        pr_info("consumes_event: the VMM does not deliver cross-VM events (init: %d, magic %u): nodes will not open\n",
                err, READ_ONCE(event_page->magic));
        free_page((unsigned long)event_page);
        event_page = NULL;
        return false;
    }
    err = request_irq(CROSS_VM_EVENT_IRQ, event_interrupt, 0, CONSUMES_EVENT_DEVICE_NAME, NULL);
    if (err) {
        /* The page stays with the VMM, which may write to it: it is not given back. */
        pr_err("consumes_event: cannot get IRQ %d (%d)\n", CROSS_VM_EVENT_IRQ, err);
        return false;
    }
    return true;
}

static int __init consumes_event_module_init(void)
{
    major = register_chrdev(0, CONSUMES_EVENT_DEVICE_NAME, &consumes_event_fops);
    if (major < 0) {
        pr_err("consumes_event: register_chrdev failed (%d)\n", major);
        return major;
    }
    vmm_ready = connect_to_vmm();
    pr_info("consumes_event: major number %d, event page at 0x%llx\n", major,
            event_page ? (unsigned long long)virt_to_phys(event_page) : 0ULL);
    return 0;
}

/* The event page is not freed: the VMM keeps writing event ids into it (the ABI has no way to take it back). */
static void __exit consumes_event_module_exit(void)
{
    if (vmm_ready)
        free_irq(CROSS_VM_EVENT_IRQ, NULL);
    vmm_ready = false;
    unregister_chrdev(major, CONSUMES_EVENT_DEVICE_NAME);
}

module_init(consumes_event_module_init);
module_exit(consumes_event_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Cross-VM consumed events: IRQ 12 and a page shared with the VMM (hypercall 2)");
