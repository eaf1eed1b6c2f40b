/*
 * A boot sector that replays a sequence of 16550 register accesses on COM1 (0x3F8) and logs every read
 * to the debug console port 0xE9, then leaves through isa-debug-exit (0xF4). Platform/Qemu/record-qemu-trace.sh runs it on
 * Debian's QEMU to record the reference trace; Uart16550QemuTraceTests runs the same bytes on our CPU
 * with our UART and compares.
 *
 * Table encoding, one op per entry: 0x1r vv = write vv to register r; 0x2r = read register r and log it;
 * 0x3r = read register r and log only bits 7:4 (used for MSR in and just after loopback: QEMU reports no
 * delta bits in loopback, where the PC16550D datasheet, which our model follows, does); 0x00 = end.
 */
        .include "probe.inc"
        PROBE_START
next:
        lodsb
        test    %al, %al
        jz      done
        mov     %al, %bl
        and     $0x0F, %al
        xor     %ah, %ah
        mov     %ax, %dx
        add     $0x3F8, %dx
        mov     %bl, %bh
        shr     $4, %bh
        cmp     $1, %bh
        jne     1f
        lodsb
        out     %al, %dx
        jmp     next
1:      in      %dx, %al
        cmp     $3, %bh
        jne     2f
        and     $0xF0, %al
2:      out     %al, $0xE9
        jmp     next
        PROBE_EXIT

        .macro W reg, val
        .byte 0x10 + \reg, \val
        .endm
        .macro R reg
        .byte 0x20 + \reg
        .endm
        .macro RS reg
        .byte 0x30 + \reg
        .endm
        .macro LOOPBYTES n
        .set i, 0
        .rept \n
        W 0, i
        .set i, i + 1
        .endr
        .endm
        .macro READS reg, n
        .rept \n
        R \reg
        .endr
        .endm

table:
        /* Known state; divisor 0xFFFF makes a character last ~5.7 s, so QEMU's receive timeout never fires. */
        W 3, 0x80
        W 0, 0xFF
        W 1, 0xFF
        W 3, 0x03
        W 1, 0
        W 4, 0
        W 2, 0x07
        W 2, 0
        R 5
        R 6
        R 0
        /* A: register values after the reset sequence */
        R 1
        R 2
        R 3
        R 4
        R 5
        R 6
        /* B: IER keeps four bits */
        W 1, 0x0F
        R 1
        W 1, 0xFF
        R 1
        W 1, 0
        R 1
        /* C: loopback maps DTR, RTS, OUT1, OUT2 to DSR, CTS, RI, DCD */
        W 4, 0x1A
        RS 6
        W 4, 0x1F
        RS 6
        W 4, 0x10
        RS 6
        W 4, 0x00
        RS 6
        R 6
        /* D: FIFO enable shows in IIR bits 7:6; the 64-byte bit of a 16750 is ignored */
        W 2, 0x01
        R 2
        W 2, 0x21
        R 2
        W 2, 0x00
        R 2
        /* E: scratch register and divisor latch */
        W 7, 0xA5
        R 7
        W 7, 0x5A
        R 7
        W 3, 0x80
        R 0
        R 1
        R 2
        W 0, 0x34
        W 1, 0x12
        R 0
        R 1
        W 0, 0xFF
        W 1, 0xFF
        W 3, 0x03
        R 1
        R 3
        /* F: loopback receive with trigger level 4 */
        W 2, 0x47
        W 1, 0x01
        W 4, 0x10
        W 0, 0x41
        W 0, 0x42
        W 0, 0x43
        R 2
        R 5
        W 0, 0x44
        R 2
        R 5
        R 0
        R 2
        READS 0, 3
        R 2
        R 5
        /* G: FIFO overrun: 17 bytes into 16 */
        W 2, 0x07
        LOOPBYTES 17
        R 5
        R 5
        R 0
        W 2, 0x07
        LOOPBYTES 17
        W 1, 0x05
        R 2
        R 5
        R 2
        READS 0, 16
        R 5
        R 2
        /* H: 16450 mode: a second character overwrites the first */
        W 1, 0
        W 2, 0x00
        W 0, 0x61
        W 0, 0x62
        R 5
        R 0
        R 5
        /* I: THRE interrupt out of loopback (the byte 'Z' goes to the serial line) */
        W 4, 0x00
        W 2, 0x07
        R 5
        R 2
        W 1, 0x02
        R 2
        R 2
        W 0, 0x5A
        R 2
        R 5
        W 1, 0
        R 2
        W 1, 0x02
        R 2
        W 1, 0
        /* J: priorities in loopback: line status, then received data, then THRE */
        W 4, 0x10
        W 2, 0x07
        W 1, 0x07
        LOOPBYTES 17
        R 2
        R 5
        R 2
        READS 0, 16
        R 2
        R 2
        W 1, 0
        W 4, 0
        W 2, 0
        .byte 0

        .org 510
        .byte 0x55, 0xAA
