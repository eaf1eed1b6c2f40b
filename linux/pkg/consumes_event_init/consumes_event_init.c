/* consumes_event_init NODE...: creates the consumed-event device nodes; the nth node is event id n
 * (as the VMM numbers the spec's consumed events). Run from /etc/init.d/S90camkes_init. */
#include "camkes_init_tool.h"

int main(int argc, char *argv[])
{
    if (argc < 2 || argc - 1 > CROSS_VM_MAX_ID)
        tool_fail("consumes_event_init", "usage: consumes_event_init NODE... (at most 255; the nth is event id n)", 0);
    tool_create_nodes("consumes_event_init", CONSUMES_EVENT_DEVICE_NAME, "consuming event", argv + 1, argc - 1);
    return 0;
}
