/* consumes_event.h and emits_event.h: poll() on a consumed-event node, an ioctl on an emitted-event node. */
#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>

#include "camkes_cross_vm.h"
#include "consumes_event.h"
#include "emits_event.h"

/* poll() for the event with timeout_ms (-1: forever); 1 if it fired, 0 if not, -1 on error. */
static int poll_event(int fd, int timeout_ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int n;

    do {
        n = poll(&p, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return n;
    if (p.revents & (POLLERR | POLLNVAL)) {
        errno = EIO;
        return -1;
    }
    return (p.revents & POLLIN) ? 1 : 0;
}

int consumes_event_wait(int fd)
{
    int seen;

    do {
        seen = poll_event(fd, -1);
    } while (seen == 0);
    return seen;
}

int consumes_event_poll(int fd)
{
    return poll_event(fd, 0);
}

int emits_event_emit(int fd)
{
    return ioctl(fd, EMITS_EVENT_EMIT, 0) < 0 ? -1 : 0;
}
