/*
 * Helpers of the cross-VM init tools (pkg/dataport_init, consumes_event_init, emits_event_init): the
 * drivers' majors from /proc/devices, node creation, dataport allocation. Header-only and limited to
 * system calls (open, read, ioctl, mknod, ...) so that the tools build against the kernel's nolibc
 * (common.mk NOLIBC_*): a few KB each instead of a static glibc's ~700 KB, keeping rootfs.cpio small.
 */
#ifndef CAMKES_INIT_TOOL_H
#define CAMKES_INIT_TOOL_H

#include "camkes_cross_vm.h"

#define TOOL_FUNCTION static __attribute__((unused))

/* The decimal text of value, in buffer (at least 12 bytes); returns buffer. */
TOOL_FUNCTION char *tool_decimal(char *buffer, unsigned long value)
{
    char digits[12];
    int n = 0, i = 0;

    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0)
        buffer[i++] = digits[--n];
    buffer[i] = '\0';
    return buffer;
}

/* The decimal number text, or 0 if it is not one. */
TOOL_FUNCTION unsigned long tool_parse(const char *text)
{
    unsigned long value = 0;

    if (*text == '\0')
        return 0;
    for (; *text; text++) {
        if (*text < '0' || *text > '9' || value > 429496729UL)
            return 0;
        value = value * 10 + (unsigned long)(*text - '0');
    }
    return value;
}

/* Writes the strings of parts (NULL-terminated) to fd. */
TOOL_FUNCTION void tool_say(int fd, const char *const *parts)
{
    for (; *parts; parts++)
        write(fd, *parts, strlen(*parts));
}

/* Prints "program: problem (errno N)" on stderr and exits with status 1. */
TOOL_FUNCTION void tool_fail(const char *program, const char *problem, int error)
{
    char number[12];
    const char *parts[] = { program, ": ", problem, error ? " (errno " : "", error ? tool_decimal(number, (unsigned long)error) : "",
                            error ? ")" : "", "\n", NULL };
    tool_say(2, parts);
    exit(1);
}

/* The major of the character driver called name in /proc/devices ("Character devices:" section), or -1. */
TOOL_FUNCTION int tool_driver_major(const char *name)
{
    static char text[4096];
    int fd = open("/proc/devices", O_RDONLY), length = 0, n, in_chars = 0;
    char *line, *next;

    if (fd < 0)
        return -1;
    while (length < (int)sizeof(text) - 1 && (n = read(fd, text + length, sizeof(text) - 1 - length)) > 0)
        length += n;
    close(fd);
    text[length] = '\0';
    for (line = text; *line; line = next) {
        next = strchr(line, '\n');
        next = next ? (*next = '\0', next + 1) : line + strlen(line);
        if (strcmp(line, "Character devices:") == 0)
            in_chars = 1;
        else if (strcmp(line, "Block devices:") == 0)
            in_chars = 0;
        else if (in_chars) {
            char *space;
            while (*line == ' ')
                line++;
            space = strchr(line, ' ');
            if (space && strcmp(space + 1, name) == 0) {
                *space = '\0';
                return (int)tool_parse(line);
            }
        }
    }
    return -1;
}

/* The major of driver, or exits telling how to load it. */
TOOL_FUNCTION int tool_require_major(const char *program, const char *driver)
{
    int major = tool_driver_major(driver);

    if (major < 0) {
        const char *parts[] = { program, ": the ", driver, " driver is not loaded (no '", driver,
                                "' in /proc/devices): insmod /lib/modules/$(uname -r)/kernel/drivers/vmm/", driver, ".ko\n", NULL };
        tool_say(2, parts);
        exit(1);
    }
    return major;
}

/* Prints "Creating <kind> node <path>" and makes the character node (replacing one there), mode 0666. */
TOOL_FUNCTION void tool_create_node(const char *program, const char *kind, const char *path, int major, int minor)
{
    const char *parts[] = { "Creating ", kind, " node ", path, "\n", NULL };

    tool_say(1, parts);
    unlink(path);
    if (mknod(path, S_IFCHR | 0666, makedev(major, minor)) < 0 || chmod(path, 0666) < 0)
        tool_fail(program, "cannot create the device node", errno);
}

/* Creates paths[0..count-1] as nodes of driver with minors (ids) 1..count. */
TOOL_FUNCTION void tool_create_nodes(const char *program, const char *driver, const char *kind, char **paths, int count)
{
    int major = tool_require_major(program, driver);

    for (int i = 0; i < count; i++)
        tool_create_node(program, kind, paths[i], major, i + 1);
}

/* DATAPORT_ALLOCATE on the node path with size (decimal text, as the driver reads it); 0 or -errno. */
TOOL_FUNCTION int tool_dataport_allocate(const char *path, unsigned long size)
{
    char text[DATAPORT_IOCTL_BUFFER];
    int fd = open(path, O_RDWR), result;

    if (fd < 0)
        return -errno;
    result = ioctl(fd, DATAPORT_ALLOCATE, tool_decimal(text, size)) < 0 ? -errno : 0;
    close(fd);
    return result;
}

#endif
