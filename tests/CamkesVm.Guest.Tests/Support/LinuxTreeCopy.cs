namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// A throw-away copy of the repository's linux/ folder in a temporary directory, so a test can add
/// packages and modules and run build-rootfs without touching the committed images. The kernel
/// source cache (~/.cache/camkes-vm) is shared with the real tree, so only the first run extracts it.
/// </summary>
public sealed class LinuxTreeCopy : IDisposable
{
    private readonly string _root;

    /// <summary>The copied linux/ folder.</summary>
    public string Linux { get; }

    public LinuxTreeCopy()
    {
        _root = Directory.CreateTempSubdirectory("camkes-vm-guest-test.").FullName;
        Linux = System.IO.Path.Combine(_root, "linux");
        // cp -a keeps the scripts' executable bits and the symlinks as they are.
        var copy = HostTools.Run("cp", ["-a", RepoPaths.Linux, Linux], TimeSpan.FromMinutes(2));
        Assert.True(copy.ExitCode == 0, $"copying {RepoPaths.Linux} failed:\n{copy.Output}");
    }

    public string In(string relative) => System.IO.Path.Combine(Linux, relative);

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> (creating its folder).</summary>
    public void Write(string relative, string text)
    {
        var file = In(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    /// <summary>Runs the copy's build-rootfs to completion.</summary>
    public HostTools.Result BuildRootfs(TimeSpan timeout) =>
        HostTools.Run(In("build-rootfs"), [], timeout, Linux);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not turn a passing test into a failure.
        }
    }
}
