/* camkes_bench: cross-VM connector benchmark, guest side (apps/xvm_bench has the native side).
 *
 *   camkes_bench rtt N    emits /dev/camkes_do_print and waits for /dev/camkes_done_printing, N times
 *                         (poll() without a timeout: the guest sleeps until the event's IRQ 12 wakes it);
 *   camkes_bench rtt-spin N  the same, but waits by polling without sleeping (consumes_event_poll in a loop);
 *   camkes_bench copy MB  writes MB MiB into the bulk dataport (id 2) one dataport-sized chunk at a time;
 *                         for each chunk the native side checksums it, then overwrites it with the bitwise
 *                         complement, which this program reads back and checks.
 *
 * Requests go through the control dataport /dev/camkes_data (id 1, created by camkes_init), little-endian
 * 32-bit words: [0] command (1 = ping, 2 = check and complement the bulk chunk), [1] chunk length in bytes,
 * [2] request sequence number (this program), [3] the sequence number answered and [4] the 32-bit word sum of
 * the chunk as the native side read it (the native side). The bulk node /dev/camkes_bench_bulk (dataport id 2)
 * is created and shared here on first use.
 *
 * Output is one line per phase, for the host harness, which times the run between the "start" and "done"
 * lines on the console (guest time may be virtual); the start line is drained to the console before the run:
 *   camkes_bench: rtt start n=N / camkes_bench: rtt done n=N ok=K (rtt-spin the same)
 *   camkes_bench: copy start mb=M chunk=BYTES / camkes_bench: copy done bytes=B chunks=C ok=K sum=0xS
 * ok counts the replies whose sequence number (and, for copy, both checksums) matched; exit status 0 when
 * every one did. Built against nolibc (common.mk), so it is a few KB.
 */
#include "camkes_init_tool.h"

#define CONTROL_NODE "/dev/camkes_data"
#define EMIT_NODE "/dev/camkes_do_print"
#define CONSUME_NODE "/dev/camkes_done_printing"
#define BULK_NODE "/dev/camkes_bench_bulk"
#define BULK_ID 2
#define BULK_SIZE (1024 * 1024)

enum { WORD_COMMAND, WORD_LENGTH, WORD_SEQUENCE, WORD_ANSWERED, WORD_SUM };
enum { COMMAND_PING = 1, COMMAND_CHECK = 2 };

static const char *program = "camkes_bench";

struct channel {
    volatile unsigned int *control;
    int emit_fd, consume_fd;
    int wait_ms; /* poll() timeout while waiting for a reply: -1 sleeps, 0 spins */
};

static int open_node(const char *path)
{
    int fd = open(path, O_RDWR);

    if (fd < 0) {
        const char *parts[] = { program, ": cannot open ", path, " (does the app's spec match camkes_init's nodes?)\n", NULL };
        tool_say(2, parts);
        exit(1);
    }
    return fd;
}

/* A dataport ioctl answering a decimal number; 0 on error. */
static unsigned long dataport_number(int fd, unsigned long request)
{
    char text[DATAPORT_IOCTL_BUFFER] = "";

    return ioctl(fd, request, text) < 0 ? 0 : tool_parse(text);
}

/* Maps the dataport node path; its size goes to *size. */
static void *map_dataport(const char *path, unsigned long *size)
{
    int fd = open_node(path);
    void *memory;

    *size = dataport_number(fd, DATAPORT_GET_SIZE);
    memory = *size ? mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    if (memory == MAP_FAILED)
        tool_fail(program, "cannot map a dataport (was it allocated with its spec size?)", errno);
    close(fd);
    return memory;
}

static void open_channel(struct channel *c)
{
    unsigned long size;

    c->control = map_dataport(CONTROL_NODE, &size);
    if (size < 5 * sizeof(unsigned int))
        tool_fail(program, "the control dataport is too small", 0);
    c->emit_fd = open_node(EMIT_NODE);
    c->consume_fd = open_node(CONSUME_NODE);
}

/* One request: emit, then wait until the reply event has been latched. */
static void round_trip(struct channel *c, unsigned int sequence)
{
    struct pollfd p = { .fd = c->consume_fd, .events = POLLIN };

    c->control[WORD_SEQUENCE] = sequence;
    if (ioctl(c->emit_fd, EMITS_EVENT_EMIT, 0) < 0)
        tool_fail(program, "emitting the request event failed", errno);
    for (;;) {
        int n = poll(&p, 1, c->wait_ms);
        if (n > 0 && (p.revents & POLLIN))
            return;
        if (n < 0 && errno != EINTR)
            tool_fail(program, "waiting for the reply event failed", errno);
    }
}

/* Waits until the console has sent everything written so far (tcdrain: TCSBRK with a non-zero argument, see
 * tty_ioctl(4)). The host times a run from the arrival of its start line; a line still queued in the tty while
 * the loop runs would arrive late and make the run look shorter than it was. */
static void drain_console(void)
{
    /* nolibc's printf writes at once, so the line is in the tty already */
    ioctl(1, 0x5409 /* TCSBRK */, 1);
}

static int run_rtt(struct channel *c, unsigned long n)
{
    unsigned long ok = 0;

    c->control[WORD_COMMAND] = COMMAND_PING;
    printf("camkes_bench: rtt start n=%lu\n", n);
    drain_console();
    for (unsigned long i = 1; i <= n; i++) {
        round_trip(c, (unsigned int)i);
        ok += c->control[WORD_ANSWERED] == (unsigned int)i;
    }
    printf("camkes_bench: rtt done n=%lu ok=%lu\n", n, ok);
    return ok == n ? 0 : 1;
}

/* The bulk dataport: its node and allocation are made on first use (camkes_init knows only id 1). */
static unsigned int *open_bulk(unsigned long *size)
{
    char text[DATAPORT_IOCTL_BUFFER];
    int fd = open(BULK_NODE, O_RDWR), error;

    if (fd < 0) {
        tool_create_node(program, "dataport", BULK_NODE, tool_require_major(program, DATAPORT_DEVICE_NAME), BULK_ID);
        fd = open_node(BULK_NODE);
    }
    error = ioctl(fd, DATAPORT_ALLOCATE, tool_decimal(text, BULK_SIZE)) < 0 ? errno : 0;
    close(fd);
    if (error && error != EBUSY)
        tool_fail(program, "sharing the bulk dataport (id 2, 1 MiB) failed: does the app's spec have it?", error);
    return map_dataport(BULK_NODE, size);
}

static void copy_words(unsigned int *to, const unsigned int *from, unsigned long words)
{
    asm volatile("rep movsl" : "+D"(to), "+S"(from), "+c"(words) : : "memory");
}

static unsigned int sum_words(const unsigned int *p, unsigned long words)
{
    unsigned int a = 0, b = 0, c = 0, d = 0;
    unsigned long i;

    for (i = 0; i + 4 <= words; i += 4) {
        a += p[i];
        b += p[i + 1];
        c += p[i + 2];
        d += p[i + 3];
    }
    for (; i < words; i++)
        a += p[i];
    return a + b + c + d;
}

static int run_copy(struct channel *c, unsigned long mb)
{
    unsigned long size, words, chunks, ok = 0, total = 0;
    unsigned int *bulk = open_bulk(&size), *source, seed = 2463534242u, source_sum;

    if (size > BULK_SIZE || BULK_SIZE % size != 0)
        tool_fail(program, "the bulk dataport's size does not divide 1 MiB", 0);
    words = size / sizeof(unsigned int);
    chunks = mb * (BULK_SIZE / size);
    source = malloc(size);
    if (!source)
        tool_fail(program, "out of memory for the source buffer", 0);
    for (unsigned long i = 0; i < words; i++) {
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        source[i] = seed;
    }
    source_sum = sum_words(source + 1, words - 1);
    c->control[WORD_COMMAND] = COMMAND_CHECK;
    c->control[WORD_LENGTH] = (unsigned int)size;
    printf("camkes_bench: copy start mb=%lu chunk=%lu\n", mb, size);
    drain_console();
    for (unsigned long k = 0; k < chunks; k++) {
        unsigned int sent, back;

        copy_words(bulk, source, words);
        bulk[0] = (unsigned int)k;
        sent = source_sum + (unsigned int)k;
        round_trip(c, (unsigned int)k + 1);
        back = sum_words(bulk, words);
        total += back;
        ok += c->control[WORD_ANSWERED] == (unsigned int)k + 1 && c->control[WORD_SUM] == sent &&
              back == (unsigned int)(0u - (unsigned int)words - sent);
    }
    printf("camkes_bench: copy done bytes=%lu chunks=%lu ok=%lu sum=0x%x\n", chunks * size, chunks, ok, (unsigned int)total);
    return ok == chunks ? 0 : 1;
}

int main(int argc, char *argv[])
{
    struct channel c;
    unsigned long n = argc == 3 ? tool_parse(argv[2]) : 0;
    int rtt = argc == 3 && strcmp(argv[1], "rtt") == 0, spin = argc == 3 && strcmp(argv[1], "rtt-spin") == 0;

    if (n == 0 || !(rtt || spin || strcmp(argv[1], "copy") == 0))
        tool_fail(program, "usage: camkes_bench rtt N | camkes_bench rtt-spin N | camkes_bench copy MB (N, MB positive numbers)", 0);
    open_channel(&c);
    c.wait_ms = spin ? 0 : -1;
    return rtt || spin ? run_rtt(&c, n) : run_copy(&c, n);
}
