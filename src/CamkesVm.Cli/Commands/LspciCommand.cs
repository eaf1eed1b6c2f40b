using System.CommandLine;
using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// <c>camkes-vm lspci [-v] [-x] [--platform cma34cr] [--snippet 05:00.0]… [--vm N] [--later-keys]</c>: lists the
/// board's PCI devices as <c>lspci</c> / <c>lspci -vv</c> / <c>lspci -xxx</c> print them on the real machine (the
/// seed's "Figuring out information about PCI devices"), or prints the configuration lines that pass the chosen
/// devices through to guest N.
/// </summary>
internal static class LspciCommand
{
    public static Command Create()
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show details as lspci -vv does: regions, interrupt pin and line, bridge windows" };
        var hex = new Option<bool>("--hex", "-x") { Description = "Dump configuration space as lspci -xxx does" };
        var platform = LspciPlatform.CreateOption();
        var snippet = new Option<string[]>("--snippet", "-s") { Description = "Print the spec lines that pass the device at BB:DD.F through (repeatable)" };
        var vm = new Option<int>("--vm") { Description = "Guest number N of the snippet (vmN_config...); default 0" };
        var later = new Option<bool>("--later-keys") { Description = "Write the snippet as vmN.vm_ioports / pci_devices / vm_irqs instead of the seed's vmN_config.*" };
        var command = new Command("lspci", "List the board's PCI devices as lspci does, or print the passthrough spec lines for some of them");
        foreach (var o in new Option[] { verbose, hex, platform, snippet, vm, later }) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(platform)!, parse.GetValue(verbose), parse.GetValue(hex), parse.GetValue(snippet) ?? [],
            parse.GetValue(vm), parse.GetValue(later), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Prints the listing or the snippet; returns the exit code (0 ok, 2 bad arguments).</summary>
    public static int Run(string platform, bool verbose, bool hex, string[] snippet, int vm, bool laterKeys, TextWriter output, TextWriter errors)
    {
        try
        {
            var description = LspciPlatform.Find(platform);
            if (snippet.Length > 0)
            {
                output.Write(PassthroughSnippet.Write(description, [.. snippet.Select(ParseAddress)], vm, laterKeys));
                return 0;
            }
            var board = Board.Build(description);
            if (hex)
                foreach (var d in description.Devices) output.Write(LspciFormatter.HexDump(d, board.Function(d.Address)!) + "\n");
            else output.Write(LspciFormatter.Format(board, verbose));
            return 0;
        }
        catch (ArgumentException e)
        {
            errors.WriteLine($"camkes-vm lspci: {e.Message}");
            return 2;
        }
    }

    /// <summary>Parses "05:00.0" (bus:device.function, hex as lspci prints them).</summary>
    public static PciAddress ParseAddress(string text)
    {
        var parts = text.Split(':', '.');
        if (parts.Length != 3 || !TryHex(parts[0], out int bus) || !TryHex(parts[1], out int dev) || !TryHex(parts[2], out int fn))
            throw new ArgumentException($"'{text}' is not a PCI address; write it as lspci does, BB:DD.F, e.g. 05:00.0 or 00:1f.2");
        try { return new PciAddress(bus, dev, fn).Validate(); }
        catch (ArgumentOutOfRangeException) { throw new ArgumentException($"'{text}': bus 00-ff, device 00-1f, function 0-7"); }
    }

    private static bool TryHex(string s, out int value) =>
        int.TryParse(s, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out value);
}
