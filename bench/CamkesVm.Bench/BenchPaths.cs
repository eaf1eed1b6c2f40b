namespace CamkesVm.Bench;

/// <summary>Where the repository is, seen from the benchmark's build output.</summary>
internal static class BenchPaths
{
    /// <summary>The folder holding CamkesVm.sln.</summary>
    public static string Root
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "CamkesVm.sln"))) return d.FullName;
            throw new DirectoryNotFoundException("CamkesVm.sln not found");
        }
    }
}
