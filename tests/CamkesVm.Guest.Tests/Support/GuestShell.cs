using System.Text.RegularExpressions;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// A logged-in root shell on a guest booted under QEMU: boots, waits for the seed's banner (a
/// welcome line, then <c>login:</c>), logs in as root/root, runs commands and powers off.
/// </summary>
public sealed class GuestShell : IDisposable
{
    /// <summary>Generous: a boot takes a few seconds under TCG, but the machine's 2 cores are shared.</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    // The end marker is typed as an arithmetic expansion, so the shell's echo of the command line
    // never matches it; only the command's own output does.
    private const string EndMarker = "@@42@@";
    private const string EndMarkerTyped = "@@$((6*7))@@";

    private static readonly Regex KernelMessage = new(@"^\[ *\d+\.\d{6}\] ", RegexOptions.Compiled);

    private readonly QemuGuest _guest;

    /// <summary>What the console showed up to and including <c>login:</c>.</summary>
    public string Banner { get; }

    public SerialConsole Console => _guest.Console;

    private GuestShell(QemuGuest guest, string banner)
    {
        _guest = guest;
        Banner = banner;
    }

    /// <summary>
    /// Boots <paramref name="kernel"/> with <paramref name="initrd"/> and logs in as root/root; with
    /// <paramref name="wrongPasswordFirst"/>, first tries a wrong password (the banner then shows
    /// what the guest answered, up to the next <c>login:</c>).
    /// </summary>
    public static GuestShell BootAndLogin(string kernel, string initrd, bool wrongPasswordFirst = false)
    {
        var guest = QemuGuest.Boot(kernel, initrd);
        try
        {
            var banner = guest.Console.WaitFor("login:", BootTimeout);
            if (wrongPasswordFirst)
            {
                guest.Console.SendLine("root").Wait();
                guest.Console.WaitFor("Password:", CommandTimeout);
                guest.Console.SendLine("not-the-password").Wait();
                banner += guest.Console.WaitFor("login:", CommandTimeout);
            }
            guest.Console.SendLine("root").Wait();
            guest.Console.WaitFor("Password:", CommandTimeout);
            guest.Console.SendLine("root").Wait();
            guest.Console.WaitFor("# ", CommandTimeout);
            var shell = new GuestShell(guest, banner);
            shell.Run("true");
            return shell;
        }
        catch
        {
            guest.Dispose();
            throw;
        }
    }

    /// <summary>The result of one shell command: its output lines (without the echoed command) and status.</summary>
    public sealed record CommandResult(IReadOnlyList<string> Lines, int ExitCode)
    {
        public string Output => string.Join('\n', Lines);
    }

    /// <summary>Runs <paramref name="command"/> (one short line) and waits for it to finish.</summary>
    public CommandResult Run(string command)
    {
        Console.SendLine($"{command}; echo \"rc=$? {EndMarkerTyped}\"").Wait();
        var seen = Console.WaitFor(EndMarker, CommandTimeout).Replace("\r", "");
        // Skip the prompt and the echo of the typed line: a line typed ahead of the prompt is echoed
        // twice (by the tty, then by the shell's line editor), so skip to the last echo.
        var echo = seen.LastIndexOf(EndMarkerTyped, StringComparison.Ordinal);
        var afterEcho = echo < 0 ? -1 : seen.IndexOf('\n', echo);
        var body = afterEcho < 0 ? "" : seen[(afterEcho + 1)..];
        var statusAt = body.LastIndexOf("rc=", StringComparison.Ordinal);
        Assert.True(statusAt >= 0, Console.Describe($"no exit status after '{command}'"));
        var status = int.Parse(body[(statusAt + 3)..^EndMarker.Length].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // Kernel messages share the console (CONFIG_PRINTK_TIME): they are not the command's output.
        var lines = body[..statusAt].Split('\n')
            .Where(line => line.Length > 0 && !KernelMessage.IsMatch(line))
            .ToList();
        return new CommandResult(lines, status);
    }

    /// <summary>Types <c>poweroff</c> and waits for QEMU to exit; returns QEMU's exit code.</summary>
    public int PowerOff()
    {
        Console.SendLine("poweroff").Wait();
        return _guest.WaitForExit(CommandTimeout);
    }

    public void Dispose() => _guest.Dispose();
}
