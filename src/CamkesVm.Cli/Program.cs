using System.CommandLine;
using CamkesVm.Cli.Commands;

namespace CamkesVm.Cli;

/// <summary>Entry point of the <c>camkes-vm</c> command line.</summary>
public static class Program
{
    /// <summary>Builds the command tree; each sub-command lives in its own file under Commands/.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("camkes-vm: CAmkES x86 VM platform for .NET (VMM, ADL compiler, component runtime)");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(DiskCommand.Create());
        root.Subcommands.Add(LspciCommand.Create());
        return root;
    }

    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
