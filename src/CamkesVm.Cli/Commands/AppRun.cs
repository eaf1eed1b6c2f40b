using CamkesVm.Adl.Vm;
using CamkesVm.Cli.Apps;
using CamkesVm.Cli.Terminal;
using CamkesVm.Machine;
using CamkesVm.Runtime;
using CamkesVm.Runtime.Vm;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// <c>camkes-vm run APP</c>: instantiates the app's assembly with the component runtime — every VM of the spec with its
/// own machine, the app's native components (C# or C, <see cref="AppCodeLoader"/>) and its VMM extensions — and puts
/// the VMs' serial consoles and the components' output on this terminal. Keyboard input goes to the first VM;
/// Ctrl-A x stops everything. Options such as --kernel or --memory override the first VM's settings.
/// </summary>
internal static class AppRun
{
    public static int Execute(AppSpec app, BootPlan overrides, RunSettings settings)
    {
        var code = AppCodeLoader.Load(app.Folder, app.Compilation);
        if (settings.Verbose) foreach (var note in code.Notes) Console.Error.Write($"camkes-vm: {note}\r\n");
        var first = app.Guests.Guests.OrderBy(g => g.Index).FirstOrDefault();
        var owned = new List<IDisposable>();
        using var terminal = RawTerminal.Enter();
        AssemblyRuntime? runtime = null;
        using var console = new SerialConsole(b => FirstMachine(runtime, first)?.SendSerialInput(b),
                                              () => runtime?.Stop("quit from the console (Ctrl-A x)"));
        try
        {
            runtime = new AssemblyRuntime(new RuntimeOptions
            {
                Assembly = app.Guests.Assembly!,
                Guests = app.Guests.Guests,
                Providers = code.Providers,
                Extensions = code.Extensions,
                Images = Images(app, first, overrides),
                MachineOptions = g => settings.MachineOptions(g == first ? overrides.MemoryMb ?? g.GuestRamMb : g.GuestRamMb),
                ConfigureMachine = (g, m) =>
                {
                    m.SerialOutput = console.Write;
                    m.FlushOutput = console.Flush;
                    m.DebugConsoleOutput = b => Console.Error.Write((char)b);
                    bool passthrough = g.Passthrough.PciDevices.Count > 0;
                    if (passthrough) owned.Add(PassthroughRun.Attach(m, g, settings, app.Folder));
                    if (g == first) owned.Add(settings.Configure(m, devices: !passthrough));
                },
                ComponentOut = new ConsoleTextWriter(console),
                Log = m => Console.Error.Write($"camkes-vm: {m}\r\n"),
            });
            runtime.Start();
            var exit = runtime.Wait()!;
            console.Flush();
            if (exit.Kind != MachineExitKind.Stopped || settings.Verbose || exit.Status != 0)
                Console.Error.Write($"\r\ncamkes-vm: {exit.Message}\r\n");
            return exit.Status;
        }
        finally
        {
            runtime?.Dispose();
            foreach (var o in owned) o.Dispose();
        }
    }

    private static PcMachine? FirstMachine(AssemblyRuntime? runtime, GuestConfiguration? first)
    {
        if (runtime == null || first == null) return null;
        try { return runtime.Machine(first.InstanceName); }
        catch (InvalidOperationException) { return null; }
    }

    /// <summary>
    /// The spec's images for every VM; the first VM's kernel, initrd and command line may be overridden on the command
    /// line, and an overridden image is not read from the spec at all (it may name a file that does not exist).
    /// </summary>
    private static Func<GuestConfiguration, GuestImage> Images(AppSpec app, GuestConfiguration? first, BootPlan overrides)
    {
        var fromSpec = GuestImage.FromAppDirectory(app.Folder);
        return g => g != first ? fromSpec(g) : new GuestImage(
            overrides.Kernel ?? GuestImage.ReadKernel(app.Folder, g),
            overrides.Initrd ?? GuestImage.ReadInitrd(app.Folder, g),
            overrides.CommandLine ?? g.KernelCmdline, overrides.Modules);
    }
}
