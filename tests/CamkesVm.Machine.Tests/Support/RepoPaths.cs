namespace CamkesVm.Machine.Tests.Support;

/// <summary>The repository root (the folder holding CamkesVm.sln), its prebuilt guest images, and shared/ beside it.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CamkesVm.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("CamkesVm.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Repository => Root.Value;
    public static string Linux(string file) => Path.Combine(Repository, "linux", file);
    public static string Shared(string path) => Path.GetFullPath(Path.Combine(Repository, "..", "shared", path));
}
