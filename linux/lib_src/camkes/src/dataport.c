/* dataport.h and dataport_allocate.h: the dataport driver's ioctls take and return decimal strings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "camkes_cross_vm.h"
#include "dataport.h"
#include "dataport_allocate.h"

/* Runs a dataport ioctl that answers a decimal number; -1 (errno set) on error. */
static long long query_number(int fd, unsigned long request)
{
    char text[DATAPORT_IOCTL_BUFFER] = "";
    char *end;
    unsigned long long value;

    if (ioctl(fd, request, text) < 0)
        return -1;
    errno = 0;
    value = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0') {
        errno = EPROTO;
        return -1;
    }
    return (long long)value;
}

int dataport_allocate(int fd, size_t size)
{
    char text[DATAPORT_IOCTL_BUFFER];

    snprintf(text, sizeof(text), "%zu", size);
    return ioctl(fd, DATAPORT_ALLOCATE, text) < 0 ? -1 : 0;
}

ssize_t dataport_get_size(int fd)
{
    return (ssize_t)query_number(fd, DATAPORT_GET_SIZE);
}

unsigned long long dataport_get_paddr(int fd)
{
    long long paddr = query_number(fd, DATAPORT_GET_PADDR);
    return paddr < 0 ? 0 : (unsigned long long)paddr;
}

void *dataport_mmap(int fd)
{
    ssize_t size = dataport_get_size(fd);

    if (size <= 0)
        return MAP_FAILED;
    return mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
}
