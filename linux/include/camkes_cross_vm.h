/*
 * The cross-VM ABI between the guest's kernel modules, libcamkes and the VMM (DESIGN.md, "Cross-VM ABI";
 * the legacy camkes-vm design of 2016-2019). Shared by the kernel modules in linux/modules and linux/lib_src/camkes
 * (user space); the VMM implements the other end.
 *
 * Hypercalls are `vmcall` with the token in EAX and arguments in EBX, ECX, EDX, ESI (Linux's
 * kvm_hypercallN; cross_vm_hypercall below); the VMM's handler result comes back in EAX: 0 = done, otherwise an error.
 */
#ifndef CAMKES_CROSS_VM_H
#define CAMKES_CROSS_VM_H

#include <linux/ioctl.h>

/* Token 1: dataports. SHARE: EBX=1, ECX=dataport id, EDX=guest-physical address of a page-aligned,
 * physically contiguous buffer, ESI=its size in bytes (a multiple of 4096, equal to the spec's size).
 * The VMM maps the dataport's shared memory over those guest pages. */
#define CROSS_VM_DATAPORT_TOKEN 1
#define CROSS_VM_DATAPORT_CMD_SHARE 1

/* Token 2: events from the VMM to the guest. INIT: EBX=1, ECX=guest-physical address of the event page
 * (one zeroed 4 KiB page); the VMM then writes CROSS_VM_EVENT_MAGIC into its magic field. Whenever an
 * event is delivered the VMM writes its id into the id field and raises guest IRQ 12; the guest reads
 * the id and answers ACK (EBX=2), after which the VMM may deliver the next event. */
#define CROSS_VM_EVENT_TOKEN 2
#define CROSS_VM_EVENT_CMD_INIT 1
#define CROSS_VM_EVENT_CMD_ACK 2
#define CROSS_VM_EVENT_IRQ 12
#define CROSS_VM_EVENT_MAGIC 42

/* The shared event page: little-endian 32-bit fields at offset 0 (id) and 4 (magic). */
struct cross_vm_event_page {
    unsigned int id;
    unsigned int magic;
};

/* Token 3: events from the guest to the VMM. EMIT: EBX=1, ECX=event id. */
#define CROSS_VM_EMIT_TOKEN 3
#define CROSS_VM_EMIT_CMD_EMIT 1

/* Ids (device minors) start at 1, as the spec's <dp>_id; minor 0 is unused. */
#define CROSS_VM_MAX_ID 255

/* Character devices (dynamic majors, listed in /proc/devices under these names). */
#define DATAPORT_DEVICE_NAME "dataport"
#define CONSUMES_EVENT_DEVICE_NAME "consumes_event"
#define EMITS_EVENT_DEVICE_NAME "emits_event"

/* Dataport ioctls. Their argument points to a user buffer of DATAPORT_IOCTL_BUFFER bytes holding a
 * NUL-terminated decimal number: the size to allocate (ALLOCATE, read by the driver) or the answer
 * (GET_PADDR, GET_SIZE, written by the driver). */
#define DATAPORT_IOCTL_BUFFER 32
#define DATAPORT_ALLOCATE _IOW('D', 0, size_t)
#define DATAPORT_GET_PADDR _IOR('D', 1, unsigned long long)
#define DATAPORT_GET_SIZE _IOR('D', 2, size_t)

/* Emitted-event ioctl: emits the event whose id is the device's minor (the argument is unused). */
#define EMITS_EVENT_EMIT _IOW('E', 0, unsigned int)

#ifdef __KERNEL__
#include <asm/asm.h>
#include <asm/extable_fixup_types.h>
#include <linux/errno.h>

/*
 * vmcall with the token in EAX and arguments in EBX, ECX, EDX, ESI; returns what the VMM put in EAX.
 * Where nothing handles vmcall (e.g. QEMU's TCG, for which it is an invalid opcode) the #UD is caught
 * through the exception table and the result is -ENOSYS, so a driver reports "no VMM" instead of oopsing.
 */
static inline long cross_vm_hypercall(unsigned long token, unsigned long a0, unsigned long a1, unsigned long a2,
                                      unsigned long a3)
{
    long result;

    asm volatile("1: vmcall\n"
                 "2:\n"
                 _ASM_EXTABLE_TYPE_REG(1b, 2b, EX_TYPE_IMM_REG | EX_DATA_IMM(-ENOSYS), %0)
                 : "=a"(result)
                 : "0"(token), "b"(a0), "c"(a1), "d"(a2), "S"(a3)
                 : "memory");
    return result;
}

/* The errno for a VMM handler's result: 0 stays 0, Linux's -KVM_ENOSYS (our VMM's answer to an unknown
 * token) becomes -ENOSYS, another negative errno passes through, anything else is -EIO. */
static inline int cross_vm_result(long result)
{
    if (result == 0)
        return 0;
    if (result == -1000)
        return -ENOSYS;
    if (result < 0 && result >= -4095)
        return (int)result;
    return -EIO;
}

/* A hypercall's outcome as an errno (0: done). */
static inline int cross_vm_call(unsigned long token, unsigned long a0, unsigned long a1, unsigned long a2,
                                unsigned long a3)
{
    return cross_vm_result(cross_vm_hypercall(token, a0, a1, a2, a3));
}
#endif

#endif
