/* emits_event_init NODE...: creates the emitted-event device nodes; the nth node is event id n
 * (as the VMM numbers the spec's emitted events). Run from /etc/init.d/S90camkes_init. */
#include "camkes_init_tool.h"

int main(int argc, char *argv[])
{
    if (argc < 2 || argc - 1 > CROSS_VM_MAX_ID)
        tool_fail("emits_event_init", "usage: emits_event_init NODE... (at most 255; the nth is event id n)", 0);
    tool_create_nodes("emits_event_init", EMITS_EVENT_DEVICE_NAME, "emitting event", argv + 1, argc - 1);
    return 0;
}
