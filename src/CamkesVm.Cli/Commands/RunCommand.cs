using System.CommandLine;
using CamkesVm.Cli.Terminal;
using CamkesVm.Machine;
using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Diagnostics;
using CamkesVm.Machine.Storage;
using CamkesVm.Machine.Time;
using CamkesVm.Runtime;
using CamkesVm.Runtime.CGlue;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// <c>camkes-vm run</c>: boots an app folder (its spec gives kernel, initrd, command line and RAM) or, QEMU-style,
/// a kernel given on the command line; the guest's COM1 is the terminal; Ctrl-A x quits.
/// </summary>
internal static class RunCommand
{
    private static readonly Argument<string?> App = new("app")
    {
        Description = "App folder (e.g. apps/cma34cr_minimal) or its top-level .camkes spec",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private static readonly Option<string?> Kernel = new("--kernel") { Description = "Kernel: Linux bzImage, ELF vmlinux or Multiboot ELF" };
    private static readonly Option<string?> Initrd = new("--initrd") { Description = "Initial ramdisk (Linux) or first module (Multiboot)" };
    private static readonly Option<string?> Append = new("--append") { Description = "Kernel command line" };
    private static readonly Option<int?> Memory = new("--memory", "-m") { Description = "Guest RAM in MiB (default: the app's guest_ram_mb, else 128)" };
    private static readonly Option<string[]> Modules = new("--module") { Description = "Multiboot module: \"file [args]\" (repeatable)" };
    private static readonly Option<TimeMode> Time = new("--time") { Description = "Guest time: Virtual (deterministic, default) or WallClock", DefaultValueFactory = _ => TimeMode.Virtual };
    private static readonly Option<string[]> Trace = new("--trace") { Description = "Debug traces, comma-separated: insn, regs, int, io" };
    private static readonly Option<string?> TraceFile = new("--trace-file") { Description = "Write traces to this file instead of stderr" };
    private static readonly Option<long> MaxInstructions = new("--max-instructions") { Description = "Stop after this many guest instructions (0: no limit)" };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Print loader notes and device diagnostics on stderr" };

    public static Command Create()
    {
        var command = new Command("run", "Boot a VM app, or a kernel given with --kernel, with its serial console on this terminal");
        command.Arguments.Add(App);
        foreach (var o in new Option[] { Kernel, Initrd, Append, Memory, Modules, Time, Trace, TraceFile, MaxInstructions, Verbose, DiskRunOption.Disk, NetRunOption.Net })
            command.Options.Add(o);
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        try
        {
            var plan = BootPlan.From(parse.GetValue(Kernel), parse.GetValue(Initrd), parse.GetValue(Append),
                                     parse.GetValue(Memory), parse.GetValue(Modules) ?? []);
            var settings = new RunSettings(parse.GetValue(Time), parse.GetValue(MaxInstructions), parse.GetValue(Verbose),
                ParseTraces(parse.GetValue(Trace) ?? []), parse.GetValue(TraceFile), parse.GetValue(DiskRunOption.Disk) ?? [],
                parse.GetValue(NetRunOption.Net)).Validated();
            if (parse.GetValue(App) is { } app) return AppRun.Execute(AppSpec.Load(app), plan, settings);
            if (plan.Kernel == null)
                throw new BootPlanException("nothing to boot: give an app folder (camkes-vm run apps/cma34cr_minimal) or --kernel FILE");
            return Boot(plan, settings);
        }
        catch (Exception e) when (e is BootImageException or BootPlanException or ArgumentException or DiskImageException
                                       or AssemblyRuntimeException or AppCodeException)
        {
            Console.Error.WriteLine($"camkes-vm run: {e.Message}");
            return 2;
        }
    }

    /// <summary>QEMU style: one machine, the kernel and options from the command line.</summary>
    private static int Boot(BootPlan plan, RunSettings settings)
    {
        using var machine = new PcMachine(settings.MachineOptions(plan.MemoryMb ?? BootPlan.DefaultMemoryMb));
        using var devices = settings.Configure(machine);
        machine.Boot(plan.Kernel!, plan.Initrd, plan.CommandLine ?? "", plan.Modules);
        using var terminal = RawTerminal.Enter();
        using var console = new SerialConsole(machine.SendSerialInput, () => machine.Stop("quit from the console (Ctrl-A x)"));
        machine.SerialOutput = console.Write;
        machine.DebugConsoleOutput = b => Console.Error.Write((char)b);
        machine.FlushOutput = console.Flush;
        var exit = machine.Run();
        console.Flush();
        if (exit.Kind != MachineExitKind.Stopped || settings.Verbose || exit.Status != 0)
            Console.Error.Write($"\r\ncamkes-vm: {exit.Message}\r\n");
        return exit.Status;
    }

    private static TraceOptions ParseTraces(string[] values)
    {
        var result = TraceOptions.None;
        foreach (var v in values.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            result |= v switch
            {
                "insn" or "exec" => TraceOptions.Instructions,
                "regs" or "cpu" => TraceOptions.Instructions | TraceOptions.Registers,
                "int" => TraceOptions.Interrupts,
                "io" => TraceOptions.PortIo,
                _ => throw new ArgumentException($"unknown trace '{v}': use insn, regs, int or io (comma-separated)"),
            };
        }
        return result;
    }
}
