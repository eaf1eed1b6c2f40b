using System.CommandLine;

namespace CamkesVm.Cli.Commands;

/// <summary><c>camkes-vm demo</c>: runs a small guest program on the x86 CPU and prints its result.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run a small built-in guest program on the x86 CPU and print its result");
        command.SetAction(_ => { Console.WriteLine("demo: not yet implemented"); return 0; });
        return command;
    }
}
