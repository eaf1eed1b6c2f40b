namespace CamkesVm.Guest.Tests.Support;

/// <summary>
/// Boots a guest with our own VMM, as a user does: the built <c>camkes-vm</c> command (<c>camkes-vm run …</c>)
/// with its serial console on stdin/stdout (the pipe mode of the run command).
/// </summary>
public static class VmmGuest
{
    /// <summary>The built camkes-vm.dll of the same configuration as this test assembly.</summary>
    public static string CliDll
    {
        get
        {
            string config = AppContext.BaseDirectory.Contains("/Debug/") ? "Debug" : "Release";
            string dll = Path.Combine(RepoPaths.Root, "src", "CamkesVm.Cli", "bin", config, "net10.0", "camkes-vm.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first (dotnet build -c {config})");
            return dll;
        }
    }

    /// <summary>Runs <c>camkes-vm run</c> with <paramref name="args"/>.</summary>
    public static ConsoleProcess Run(params string[] args) => ConsoleProcess.Start("dotnet", [CliDll, "run", .. args]);
}
