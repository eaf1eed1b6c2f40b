namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// Runs a command in a logged-in shell on a guest's serial console and reads back its output and exit status. The
/// end marker is typed as an arithmetic expansion, so the shell's echo of the command line never matches it.
/// </summary>
public static class ShellCommand
{
    private const string EndMarker = "@@42@@", EndMarkerTyped = "@@$((6*7))@@";

    /// <summary>Runs <paramref name="command"/> (one line); returns what it printed and its exit status.</summary>
    public static async Task<(string Output, int Status)> Run(SerialConsole console, string command, TimeSpan timeout)
    {
        await console.SendLine($"{command}; echo \"rc=$? {EndMarkerTyped}\"");
        var seen = console.WaitFor(EndMarker, timeout).Replace("\r", "");
        int echo = seen.LastIndexOf(EndMarkerTyped, StringComparison.Ordinal);
        int start = echo < 0 ? 0 : seen.IndexOf('\n', echo) + 1;
        var body = seen[start..];
        int rc = body.LastIndexOf("rc=", StringComparison.Ordinal);
        Assert.True(rc >= 0, console.Describe($"no exit status after '{command}'"));
        return (body[..rc], int.Parse(body[(rc + 3)..^EndMarker.Length].Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Runs a command that must succeed; returns its output.</summary>
    public static async Task<string> Ok(SerialConsole console, string command, TimeSpan timeout)
    {
        var (output, status) = await Run(console, command, timeout);
        Assert.True(status == 0, console.Describe($"'{command}' exited with {status}"));
        return output;
    }
}
