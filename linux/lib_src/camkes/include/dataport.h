/* Cross-VM dataports from a guest program: the node is /dev/<name> made by dataport_init. */
#ifndef CAMKES_DATAPORT_H
#define CAMKES_DATAPORT_H

#include <sys/types.h>

/* Maps the whole (allocated) dataport of the open node fd read/write and shared; MAP_FAILED on error. */
void *dataport_mmap(int fd);

/* The dataport's size in bytes, or -1 (errno set) if it is not allocated. */
ssize_t dataport_get_size(int fd);

/* The guest-physical address of the dataport's buffer, or 0 (errno set) on error. */
unsigned long long dataport_get_paddr(int fd);

#endif
