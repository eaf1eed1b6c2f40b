/*
 * Host-CPU oracle for the CPU tests: executes single x86 instructions on the real (64-bit) host processor.
 * Reads lines "HEXBYTES EAX ECX EDX EBX EBP ESI EDI EFLAGS MEMHEX" (numbers in hex) from stdin and prints, per
 * line, either "EAX ECX EDX EBX EBP ESI EDI EFLAGS MEMHEX" after the instruction or "#DE" / "#UD" / "#GP" when
 * the instruction faulted. MEMHEX is the data window of DATA_SIZE bytes at the fixed address DATA_BASE, so
 * memory operands addressed through a register holding an address in the window mean the same in 32- and
 * 64-bit mode. Only encodings that mean the same in both modes are meaningful.
 * Built by the test suite with the machine's gcc; never committed as a binary.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct oracle_regs { uint64_t rax, rcx, rdx, rbx, rbp, rsi, rdi, rflags; };
void oracle_run(struct oracle_regs *r, void (*code)(void));

#define DATA_BASE 0x300000
#define DATA_SIZE 256

static sigjmp_buf fault_jump;

static void on_fault(int sig)
{
    siglongjmp(fault_jump, sig);
}

static int parse_hex_bytes(const char *s, unsigned char *out, int max)
{
    int n = 0;
    while (s[0] && s[1] && n < max) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1) return -1;
        out[n++] = (unsigned char)v;
        s += 2;
    }
    return n;
}

int main(void)
{
    unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) { perror("mmap"); return 2; }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fault;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    unsigned char *data = mmap((void *)DATA_BASE, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (data != (unsigned char *)DATA_BASE) { perror("mmap data window"); return 2; }
    char line[2048], hex[1024], mem[2 * DATA_SIZE + 2];
    while (fgets(line, sizeof line, stdin)) {
        unsigned r[8];
        if (sscanf(line, "%1023s %x %x %x %x %x %x %x %x %513s", hex, &r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7], mem) != 10
            || parse_hex_bytes(mem, data, DATA_SIZE) != DATA_SIZE) {
            printf("ERROR bad input line\n");
            fflush(stdout);
            continue;
        }
        int n = parse_hex_bytes(hex, page, 480);
        if (n <= 0) { printf("ERROR bad hex\n"); fflush(stdout); continue; }
        page[n] = 0xC3; /* ret */
        __builtin___clear_cache((char *)page, (char *)page + n + 1);
        struct oracle_regs regs = { r[0], r[1], r[2], r[3], r[4], r[5], r[6], (r[7] & 0x0CD5u) | 2u };
        int sig = sigsetjmp(fault_jump, 1);
        if (sig == 0) {
            oracle_run(&regs, (void (*)(void))page);
            printf("%x %x %x %x %x %x %x %x ", (unsigned)regs.rax, (unsigned)regs.rcx, (unsigned)regs.rdx,
                   (unsigned)regs.rbx, (unsigned)regs.rbp, (unsigned)regs.rsi, (unsigned)regs.rdi,
                   (unsigned)regs.rflags);
            for (int i = 0; i < DATA_SIZE; i++) printf("%02x", data[i]);
            printf("\n");
        } else {
            printf("%s\n", sig == SIGFPE ? "#DE" : sig == SIGILL ? "#UD" : "#GP");
        }
        fflush(stdout);
    }
    return 0;
}
