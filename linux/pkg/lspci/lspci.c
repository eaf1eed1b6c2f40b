/* lspci: one line per PCI function the kernel found, in the form of busybox's lspci,
 *     00:1f.2 Class 0106: 8086:2929
 * (slot without the 0000: domain, class code without the programming interface, vendor:device), sorted by
 * slot. It reads /sys/bus/pci/devices/<slot>/{class,vendor,device}; the busybox in our root filesystem is
 * built without its lspci applet. Exit status 1 if sysfs cannot be read. */
#define DEVICES "/sys/bus/pci/devices"
#define MAX_FUNCTIONS 256
#define SLOT_LEN 16

static char slots[MAX_FUNCTIONS][SLOT_LEN];

static void say(int fd, const char *text)
{
    write(fd, text, strlen(text));
}

static int fail(const char *what, const char *path)
{
    say(2, "lspci: cannot read ");
    say(2, path);
    say(2, what);
    return 1;
}

/* Copies text to out; returns the end of the copy. */
static char *append(char *out, const char *text)
{
    while (*text)
        *out++ = *text++;
    *out = 0;
    return out;
}

/* Reads a sysfs attribute such as "0x010601\n" into *value; 0 on success. */
static int read_hex(const char *slot, const char *name, unsigned long *value)
{
    char path[96], text[24];
    int fd, n;

    append(append(append(append(path, DEVICES "/"), slot), "/"), name);
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return fail(" (is sysfs mounted on /sys?)\n", path);
    n = read(fd, text, sizeof(text) - 1);
    close(fd);
    if (n <= 0)
        return fail("\n", path);
    text[n] = 0;
    *value = 0;
    for (char *c = text[0] == '0' && text[1] == 'x' ? text + 2 : text; *c && *c != '\n'; c++) {
        int digit = *c >= '0' && *c <= '9' ? *c - '0' : *c >= 'a' && *c <= 'f' ? *c - 'a' + 10 : -1;
        if (digit < 0)
            return fail(" (not a hexadecimal number)\n", path);
        *value = *value * 16 + digit;
    }
    return 0;
}

/* Appends the low 4 hex digits of value to out. */
static char *hex4(char *out, unsigned long value)
{
    for (int shift = 12; shift >= 0; shift -= 4)
        *out++ = "0123456789abcdef"[(value >> shift) & 15];
    return out;
}

static int print_function(const char *slot)
{
    unsigned long class, vendor, device;
    char line[64], *p = line;

    if (read_hex(slot, "class", &class) || read_hex(slot, "vendor", &vendor) || read_hex(slot, "device", &device))
        return 1;
    slot += strncmp(slot, "0000:", 5) == 0 ? 5 : 0;
    p = hex4(append(append(p, slot), " Class "), class >> 8);
    p = hex4(append(p, ": "), vendor);
    p = hex4(append(p, ":"), device);
    *p++ = '\n';
    write(1, line, p - line);
    return 0;
}

/* Collects the entries of DEVICES (each a slot name such as 0000:00:1f.2); returns their number or -1. */
static int list_slots(void)
{
    char buffer[4096];
    int fd = open(DEVICES, O_RDONLY | O_DIRECTORY), count = 0, n;

    if (fd < 0)
        return -1;
    while ((n = getdents64(fd, (struct linux_dirent64 *)buffer, sizeof(buffer))) > 0) {
        for (int at = 0; at < n; at += ((struct linux_dirent64 *)(buffer + at))->d_reclen) {
            const char *name = ((struct linux_dirent64 *)(buffer + at))->d_name;
            if (name[0] == '.' || strlen(name) >= SLOT_LEN || count == MAX_FUNCTIONS)
                continue;
            strcpy(slots[count++], name);
        }
    }
    close(fd);
    return n < 0 ? -1 : count;
}

int main(int argc, char *argv[])
{
    int count = list_slots(), failed = 0;
    char swap[SLOT_LEN];

    if (argc > 1) {
        say(2, "usage: lspci (lists every PCI function: slot, class, vendor:device)\n");
        return 2;
    }
    if (count < 0)
        return fail(" (is sysfs mounted on /sys?)\n", DEVICES);
    for (int i = 1; i < count; i++)  /* insertion sort: slot names compare as bus order */
        for (int j = i; j > 0 && strcmp(slots[j - 1], slots[j]) > 0; j--) {
            strcpy(swap, slots[j]);
            strcpy(slots[j], slots[j - 1]);
            strcpy(slots[j - 1], swap);
        }
    for (int i = 0; i < count; i++)
        failed |= print_function(slots[i]);
    return failed;
}
