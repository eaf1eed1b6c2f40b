namespace CamkesVm.Adl.Tests.Support;

/// <summary>Locates the repository root (the folder holding CamkesVm.sln) and the shared folder beside it.</summary>
internal static class SharedPaths
{
    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    public static string Repository => RepositoryRoot.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(Repository, "..", "shared"));

    public static string Conformance => Path.Combine(Shared, "conformance", "camkes");

    public static string Golden => Path.Combine(Conformance, "golden");

    public static string Seed => Path.Combine(Shared, "seed", "camkes-x86-vm.md");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CamkesVm.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("CamkesVm.sln not found above " + AppContext.BaseDirectory);
    }
}
