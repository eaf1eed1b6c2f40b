namespace CamkesVm.Guest.Tests.Support;

/// <summary>Locates the repository (the folder holding CamkesVm.sln) from the test assembly's folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Linux => Path.Combine(Root, "linux");

    public static string InLinux(string relative) => Path.Combine(Linux, relative);

    /// <summary>A file of the shared folder beside the repository (test data read in place).</summary>
    public static string Shared(string relative) => Path.GetFullPath(Path.Combine(Root, "..", "shared", relative));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CamkesVm.sln")))
            {
                return dir.FullName;
            }
            dir = dir.Parent;
        }
        throw new InvalidOperationException(
            $"no folder containing CamkesVm.sln above {AppContext.BaseDirectory}; run the tests from the repository");
    }
}
