/* print_client WORD...: the seed's cross-VM example. Each argument in turn is copied into the dataport
 * /dev/camkes_data, the event /dev/camkes_do_print tells the native print server to print it, and
 * /dev/camkes_done_printing says it is done, so the next one may be written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "dataport.h"
#include "consumes_event.h"
#include "emits_event.h"

static int open_node(const char *path)
{
    int fd = open(path, O_RDWR);

    if (fd < 0) {
        fprintf(stderr, "print_client: cannot open %s: %s (is camkes_init's setup in place?)\n", path, strerror(errno));
        exit(1);
    }
    return fd;
}

int main(int argc, char *argv[])
{
    int data_fd = open_node("/dev/camkes_data");
    int do_print_fd = open_node("/dev/camkes_do_print");
    int done_printing_fd = open_node("/dev/camkes_done_printing");
    ssize_t size = dataport_get_size(data_fd);
    char *data = dataport_mmap(data_fd);

    if (size <= 0 || data == MAP_FAILED) {
        fprintf(stderr, "print_client: cannot map /dev/camkes_data: %s\n", strerror(errno));
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        strncpy(data, argv[i], (size_t)size - 1);
        data[size - 1] = '\0';
        if (emits_event_emit(do_print_fd) < 0 || consumes_event_wait(done_printing_fd) < 0) {
            fprintf(stderr, "print_client: event failed: %s\n", strerror(errno));
            return 1;
        }
    }
    munmap(data, (size_t)size);
    close(data_fd);
    close(do_print_fd);
    close(done_printing_fd);
    return 0;
}
