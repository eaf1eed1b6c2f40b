/* Events sent by the guest to a native component: the node is /dev/<name> made by emits_event_init. */
#ifndef CAMKES_EMITS_EVENT_H
#define CAMKES_EMITS_EVENT_H

/* Emits the event (never blocks). 0 on success, -1 with errno set on error. */
int emits_event_emit(int fd);

#endif
