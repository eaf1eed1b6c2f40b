using System.Diagnostics;

namespace CamkesVm.Guest.Tests.Support;

/// <summary>Runs the built <c>camkes-vm</c> command to completion with stdin closed, as a user's one-off command.</summary>
public static class CliProcess
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in (string[])[VmmGuest.CliDll, .. args]) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), $"camkes-vm {string.Join(' ', args)} did not finish");
        return (p.ExitCode, stdout, stderr.Result);
    }
}
