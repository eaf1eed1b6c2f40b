/*
 * configurations/vm.h: macros that build an x86 VM system (written for camkes-vm).
 *
 *   component Init0 { VM_INIT_DEF() }                    - the VMM component of guest 0
 *   composition { VM_COMPOSITION_DEF() VM_PER_VM_COMP_DEF(0) }
 *   configuration { VM_CONFIGURATION_DEF() VM_PER_VM_CONFIG_DEF(0) }
 *
 * The app's own header configurations/<CAMKES_VM_CONFIG>.h (e.g. VM_GUEST_CMDLINE, KERNEL_IMAGE,
 * ROOTFS) is included here when autoconf.h names it.
 */
#ifndef CAMKES_VM_CONFIGURATIONS_VM_H
#define CAMKES_VM_CONFIGURATIONS_VM_H

#include <autoconf.h>

#define _VAR_STRINGIZE(...) #__VA_ARGS__
#define VAR_STRINGIZE(...) _VAR_STRINGIZE(__VA_ARGS__)
#define _CAT(a, b) a ## b
#define CAT(a, b) _CAT(a, b)

#ifdef CAMKES_VM_CONFIG
#define VM_CONFIGURATION_HEADER() VAR_STRINGIZE(configurations/CAMKES_VM_CONFIG.h)
#include VM_CONFIGURATION_HEADER()
#endif

/* Badges on the VMM's notification: bit 27 marks asynchronous sources, bit k+1 PIC line k. */
#define VM_ASYNC_BADGE_BIT (1 << 27)
#define VM_PIC_BADGE_IRQ(k) (VM_ASYNC_BADGE_BIT | (1 << ((k) + 1)))

/* Interfaces and attributes of a guest's VMM component Init<N>. */
#define VM_INIT_DEF() \
    control; \
    uses PutChar putchar; \
    uses PutChar guest_putchar; \
    uses PCIConfig pci_config; \
    uses RTC system_rtc; \
    uses Timer init_timer; \
    uses FileServerInterface fs; \
    uses GetChar serial_getchar; \
    consumes HaveInterrupt intready; \
    emits HaveInterrupt intready_connector; \
    attribute string kernel_cmdline; \
    attribute string kernel_image; \
    attribute string kernel_relocs = ""; \
    attribute string initrd_image = ""; \
    attribute int iospace_domain = 0; \
    attribute int guest_ram_mb; \
    attribute int cnode_size_bits = 21; \
    attribute vswitch_mapping vswitch_layout[] = []; \
    attribute string vswitch_mac_address = ""; \
    attribute { int send_id; int recv_id; } serial_layout[] = []; \
    attribute { int cid; int send_id; int recv_id; } socket_layout[] = []; \
    attribute int guest_cid = 0; \
    /**/

/* The shared system components and their wiring. */
#define VM_COMPOSITION_DEF() \
    component FileServer fserv; \
    component SerialServer serial; \
    component PCIConfigIO pci_config; \
    component TimeServer time_server; \
    component RTC rtc; \
    connection seL4RPCCall serial_pci_config(from pci_config.putchar, to serial.processed_putchar); \
    connection seL4RPCCall serial_time_server(from time_server.putchar, to serial.processed_putchar); \
    connection seL4RPCCall serial_rtc(from rtc.putchar, to serial.processed_putchar); \
    connection seL4TimeServer serialserver_timer(from serial.timeout, to time_server.the_timer); \
    /**/

/* Guest N: its VMM vm<N>, its passthrough holder vm<N>_config, and its connections. */
#define VM_PER_VM_COMP_DEF(num) \
    component Init##num vm##num; \
    component VMConfig vm##num##_config; \
    connection seL4GlobalAsynch intreadycon##num(from vm##num.intready_connector, to vm##num.intready); \
    connection seL4RPCDataport fs##num(from vm##num.fs, to fserv.fs_ctrl); \
    connection seL4RPCCall serial_vm##num(from vm##num.putchar, to serial.processed_putchar); \
    connection seL4RPCCall serial_guest_vm##num(from vm##num.guest_putchar, to serial.raw_putchar); \
    connection seL4SerialServer serial_input##num(from vm##num.serial_getchar, to serial.getchar); \
    connection seL4RPCCall rtctest##num(from vm##num.system_rtc, to rtc.rtc); \
    connection seL4TimeServer CAT(pit##num, _timer)(from vm##num.init_timer, to time_server.the_timer); \
    connection seL4RPCCall pciconfig##num(from vm##num.pci_config, to pci_config.pci_config); \
    /**/

/* Settings of the shared system components. */
#define VM_CONFIGURATION_DEF() \
    fserv.heap_size = 0x30000; \
    time_server.timers_per_client = 12; \
    time_server.priority = 255; \
    time_server.simple_extra_bootinfo = ["SEL4_BOOTINFO_HEADER_X86_TSC_FREQ"]; \
    time_server.simple = true; \
    serial.serial_irq_priority = 200; \
    /**/

/* Settings of guest N. The seed's older form passes a second argument (the timer client id,
   num + 2); it is accepted, and the id is always num + 2. */
#define VM_PER_VM_CONFIG_DEF(num, ...) \
    vm##num.fs_shmem_size = 0x1000; \
    vm##num.serial_getchar_attributes = VAR_STRINGIZE(num); \
    vm##num.serial_getchar_shmem_size = 0x1000; \
    vm##num.init_timer_attributes = num + 2; \
    vm##num.simple = true; \
    vm##num.asid_pool = true; \
    vm##num.global_endpoint_mask = 0x1fffffff & ~0x1fffe; \
    vm##num.global_endpoint_base = 1 << 27; \
    /**/

#endif
