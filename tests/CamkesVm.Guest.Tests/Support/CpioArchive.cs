using System.Globalization;
using System.Text;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// Reads a cpio archive in the "newc" format (magic 070701), the format the Linux initramfs
/// unpacker accepts (Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte header
/// of thirteen 8-digit hex fields, the NUL-terminated name, file data, each padded to 4 bytes; the
/// archive ends with the entry "TRAILER!!!".
/// </summary>
public sealed class CpioArchive
{
    private const int HeaderSize = 110;
    private const uint TypeMask = 0xF000;

    /// <summary>One archive member. Names are as stored (no leading '/').</summary>
    public sealed record Entry(string Name, uint Mode, uint Uid, uint Gid, uint RdevMajor, uint RdevMinor, byte[] Data)
    {
        public bool IsDirectory => (Mode & TypeMask) == 0x4000;
        public bool IsRegularFile => (Mode & TypeMask) == 0x8000;
        public bool IsSymlink => (Mode & TypeMask) == 0xA000;
        public bool IsCharDevice => (Mode & TypeMask) == 0x2000;
        public uint Permissions => Mode & 0xFFF;
        public string Text => Encoding.UTF8.GetString(Data);
    }

    public IReadOnlyDictionary<string, Entry> Entries { get; }

    private CpioArchive(Dictionary<string, Entry> entries) => Entries = entries;

    public static CpioArchive Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>The entry named <paramref name="name"/> ('/usr/bin/hello' or 'usr/bin/hello').</summary>
    public Entry this[string name] =>
        Entries.TryGetValue(name.TrimStart('/'), out var entry)
            ? entry
            : throw new KeyNotFoundException($"the archive has no entry {name}");

    public bool Contains(string name) => Entries.ContainsKey(name.TrimStart('/'));

    public static CpioArchive Parse(byte[] bytes, string what)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var at = 0;
        while (true)
        {
            if (at + HeaderSize > bytes.Length)
            {
                throw new InvalidDataException($"{what}: archive ends at byte {at} without a TRAILER!!! entry");
            }
            var magic = Encoding.ASCII.GetString(bytes, at, 6);
            if (magic != "070701")
            {
                throw new InvalidDataException($"{what}: bad newc magic '{magic}' at byte {at}");
            }
            uint Field(int index) => uint.Parse(Encoding.ASCII.GetString(bytes, at + 6 + (8 * index), 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var (mode, uid, gid, size) = (Field(1), Field(2), Field(3), (int)Field(6));
            var (rdevMajor, rdevMinor, nameSize) = (Field(9), Field(10), (int)Field(11));
            var name = Encoding.UTF8.GetString(bytes, at + HeaderSize, nameSize - 1);
            var dataAt = Align4(at + HeaderSize + nameSize);
            if (name == "TRAILER!!!")
            {
                return new CpioArchive(entries);
            }
            if (dataAt + size > bytes.Length)
            {
                throw new InvalidDataException($"{what}: entry {name} runs past the end of the archive");
            }
            entries[name] = new Entry(name, mode, uid, gid, rdevMajor, rdevMinor, bytes.AsSpan(dataAt, size).ToArray());
            at = Align4(dataAt + size);
        }
    }

    /// <summary>Mode bits written the way ls and chmod show them: Octal("755").</summary>
    public static uint Octal(string digits) => Convert.ToUInt32(digits, 8);

    public static string ToOctal(uint mode) => Convert.ToString(mode, 8);

    private static int Align4(int n) => (n + 3) & ~3;
}
