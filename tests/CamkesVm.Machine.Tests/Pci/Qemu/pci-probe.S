/*
 * A boot sector that replays port accesses to the PCI configuration mechanism #1 ports (0xCF8-0xCFF) and
 * logs every value read (little-endian, as many bytes as the access) to the debug console port 0xE9, then
 * leaves through isa-debug-exit (0xF4). Platform/Qemu/record-qemu-trace.sh records it on Debian's QEMU
 * (pc machine: i440FX host bridge, PIIX3 reset control at 0xCF9); PciHostBridgeQemuTraceTests compares.
 *
 * Table encoding: 0x1s pppp value = OUT of size s (1, 2, 4) to port pppp; 0x2s pppp = IN of size s, logged;
 * 0x00 = end.
 */
        .include "probe.inc"
        PROBE_START
next:
        lodsb
        test    %al, %al
        jz      done
        mov     %al, %bl
        and     $0x0F, %bl              /* size */
        shr     $4, %al                 /* 1 = out, 2 = in */
        mov     %al, %bh
        lodsw
        mov     %ax, %dx
        cmp     $1, %bh
        jne     read
        xor     %eax, %eax
        cmp     $1, %bl
        jne     1f
        lodsb
        out     %al, %dx
        jmp     next
1:      cmp     $2, %bl
        jne     2f
        lodsw
        out     %ax, %dx
        jmp     next
2:      lodsl
        out     %eax, %dx
        jmp     next
read:
        cmp     $1, %bl
        jne     3f
        in      %dx, %al
        jmp     log
3:      cmp     $2, %bl
        jne     4f
        in      %dx, %ax
        jmp     log
4:      in      %dx, %eax
log:    out     %al, $0xE9
        shr     $8, %eax
        dec     %bl
        jnz     log
        jmp     next
        PROBE_EXIT

        .macro OUTB port, v
        .byte 0x11
        .word \port
        .byte \v
        .endm
        .macro OUTW port, v
        .byte 0x12
        .word \port, \v
        .endm
        .macro OUTL port, v
        .byte 0x14
        .word \port
        .long \v
        .endm
        .macro INB port
        .byte 0x21
        .word \port
        .endm
        .macro INW port
        .byte 0x22
        .word \port
        .endm
        .macro INL port
        .byte 0x24
        .word \port
        .endm

table:
        /* CONFIG_ADDRESS latches dword writes (the pci_check_type1 value) */
        OUTL 0xCF8, 0x80000000
        INL 0xCF8
        /* narrower accesses inside 0xCF8-0xCFB are not CONFIG_ADDRESS */
        INB 0xCF8
        INB 0xCFA
        INB 0xCFB
        INW 0xCF8
        INW 0xCFA
        OUTB 0xCFB, 0x01
        OUTB 0xCF8, 0x00
        OUTB 0xCFA, 0x00
        OUTW 0xCF8, 0x0000
        INL 0xCF8
        /* 0xCF9 is the reset control register (read only here: a write of 0x06 resets) */
        INB 0xCF9
        /* 00:00.0 identity on every byte lane */
        OUTL 0xCF8, 0x80000000
        INL 0xCFC
        INB 0xCFC
        INB 0xCFD
        INB 0xCFE
        INB 0xCFF
        INW 0xCFC
        INW 0xCFE
        OUTL 0xCF8, 0x80000008
        INL 0xCFC
        INB 0xCFD
        INW 0xCFE
        OUTL 0xCF8, 0x8000000C
        INB 0xCFE
        OUTL 0xCF8, 0x8000002C
        INL 0xCFC
        INW 0xCFE
        /* absent functions: 00:1f.0, 00:00.7, bus 1 */
        OUTL 0xCF8, 0x8000F800
        INL 0xCFC
        INW 0xCFE
        INB 0xCFF
        OUTL 0xCF8, 0x80000700
        INL 0xCFC
        OUTL 0xCF8, 0x80010000
        INL 0xCFC
        /* enable bit clear: no configuration cycle */
        OUTL 0xCF8, 0x00000000
        INL 0xCFC
        INW 0xCFE
        INL 0xCF8
        .byte 0

        .org 510
        .byte 0x55, 0xAA
