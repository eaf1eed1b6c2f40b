/* dataport_init NODE SIZE [NODE SIZE]...: creates the dataport device nodes (the nth pair is dataport id n)
 * and allocates each one with its size, which must match the spec's <dp>_size. Run from
 * /etc/init.d/S90camkes_init. Exit status 1 if any allocation failed (the others are still made). */
#include "camkes_init_tool.h"

static const char *program = "dataport_init";

int main(int argc, char *argv[])
{
    int failed = 0, count = (argc - 1) / 2, major;

    if (argc < 3 || (argc - 1) % 2 != 0 || count > CROSS_VM_MAX_ID)
        tool_fail(program, "usage: dataport_init NODE SIZE [NODE SIZE]... (the nth pair is dataport id n)", 0);
    major = tool_require_major(program, DATAPORT_DEVICE_NAME);
    for (int id = 1; id <= count; id++) {
        const char *path = argv[2 * id - 1], *size_text = argv[2 * id];
        unsigned long size = tool_parse(size_text);
        const char *allocating[] = { "Allocating ", size_text, " bytes for ", path, "\n", NULL };

        if (size == 0 || size % 4096 != 0)
            tool_fail(program, "a size is not a positive multiple of 4096 (use the spec's <dp>_size)", 0);
        tool_create_node(program, "dataport", path, major, id);
        tool_say(1, allocating);
        int error = tool_dataport_allocate(path, size);
        if (error) {
            char number[12];
            const char *parts[] = { program, ": allocating ", path, " failed (errno ", tool_decimal(number, (unsigned long)-error),
                                    "): does the VMM have this dataport id and size?\n", NULL };
            tool_say(2, parts);
            failed = 1;
        }
    }
    return failed;
}
