using System.Globalization;
using System.Text.RegularExpressions;
using CamkesVm.Machine.Tests.Support;

namespace CamkesVm.Machine.Tests.Boards;

/// <summary>
/// The passthrough entries of the seed's "Booting from hard drive" (AHCI and IDE snippets) and "Passthrough
/// Ethernet" sections, read from the seed document in place: the facts the cma34cr board must agree with.
/// </summary>
internal static partial class SeedPassthroughEntries
{
    [GeneratedRegex(@"\{""start"":(0x[0-9a-f]+), ""end"":(0x[0-9a-f]+), ""pci_device"":(0x[0-9a-f]+|\d+), ""name"":""(\w+)""\}")]
    private static partial Regex IoPort();

    [GeneratedRegex(@"\{""paddr"":(0x[0-9a-f]+), ""size"":(0x[0-9a-f]+), ""page_bits"":12\}")]
    private static partial Regex Memory();

    [GeneratedRegex(@"\{""name"":""(\w+)"", ""source"":(0x[0-9a-f]+|\d+), ""level_trig"":(\d), ""active_low"":(\d), ""dest"":(\d+)\}")]
    private static partial Regex Irq();

    private static readonly Lazy<string> Seed = new(() => File.ReadAllText(RepoPaths.Shared("seed/camkes-x86-vm.md")));

    /// <summary>The text of the seed between two headings' first occurrences after <paramref name="from"/>.</summary>
    public static string Section(string from, string to)
    {
        string s = Seed.Value;
        int a = s.IndexOf(from, StringComparison.Ordinal), b = s.IndexOf(to, a + from.Length, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, $"seed text between '{from}' and '{to}' not found");
        return s[a..b];
    }

    /// <summary>The AHCI configuration block of "Booting from hard drive".</summary>
    public static string Ahci => Section("For AHCI:", "For IDE:");

    /// <summary>The IDE configuration block of "Booting from hard drive".</summary>
    public static string Ide => Section("For IDE:", "Now rebuild and run");

    /// <summary>The lists of "Passthrough Ethernet".</summary>
    public static string Ethernet => Section("## Passthrough Ethernet", "## Figuring out information");

    public static IReadOnlyList<(int Start, int End, int PciDevice, string Name)> IoPorts(string text) =>
        [.. IoPort().Matches(text).Select(m => (Num(m.Groups[1].Value), Num(m.Groups[2].Value), Num(m.Groups[3].Value), m.Groups[4].Value))];

    public static IReadOnlyList<(uint Paddr, uint Size)> MemoryRegions(string text) =>
        [.. Memory().Matches(text).Select(m => ((uint)Num(m.Groups[1].Value), (uint)Num(m.Groups[2].Value)))];

    public static IReadOnlyList<(string Name, int Source, bool Level, bool Low, int Dest)> Irqs(string text) =>
        [.. Irq().Matches(text).Select(m => (m.Groups[1].Value, Num(m.Groups[2].Value), m.Groups[3].Value == "1", m.Groups[4].Value == "1", Num(m.Groups[5].Value)))];

    public static int Num(string s) => s.StartsWith("0x", StringComparison.Ordinal)
        ? int.Parse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : int.Parse(s, CultureInfo.InvariantCulture);
}
