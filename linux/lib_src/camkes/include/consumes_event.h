/* Events sent to the guest by a native component: the node is /dev/<name> made by consumes_event_init. */
#ifndef CAMKES_CONSUMES_EVENT_H
#define CAMKES_CONSUMES_EVENT_H

/* Blocks until the event has fired (at once if it fired since the last wait/poll) and consumes it.
 * 1 when the event was seen, -1 with errno set on error. */
int consumes_event_wait(int fd);

/* Consumes the event if it has fired, without blocking: 1 if it had, 0 if not, -1 on error. */
int consumes_event_poll(int fd);

#endif
