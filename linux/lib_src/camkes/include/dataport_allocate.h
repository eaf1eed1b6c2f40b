/* Allocating a dataport (what dataport_init does for each node). */
#ifndef CAMKES_DATAPORT_ALLOCATE_H
#define CAMKES_DATAPORT_ALLOCATE_H

#include <stddef.h>

/* Allocates the buffer of the open dataport node fd and shares it with the VMM; size must equal the
 * spec's <dp>_size (a multiple of 4096). 0 on success, -1 with errno set on error. */
int dataport_allocate(int fd, size_t size);

#endif
