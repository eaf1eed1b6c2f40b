using CamkesVm.Adl;
using CamkesVm.Adl.Vm;
using CamkesVm.Cli.Apps;
using CamkesVm.Machine;
using CamkesVm.Runtime;
using CamkesVm.Runtime.Vm;

namespace CamkesVm.Bench.CrossVm;

/// <summary>An app (its first VM with a <see cref="GuestConsole"/>, its native components) run by the component runtime in this process.</summary>
internal sealed class XvmGuest : IDisposable
{
    private readonly AssemblyRuntime _runtime;

    public GuestConsole Console { get; }
    public PcMachine Machine { get; }

    private XvmGuest(AssemblyRuntime runtime, GuestConsole console, PcMachine machine)
    {
        _runtime = runtime;
        Console = console;
        Machine = machine;
    }

    public static XvmGuest Boot(string appFolder)
    {
        var spec = AdlCompiler.CompileFile(Path.Combine(appFolder, "vm.camkes"));
        var guests = spec.Assembly is { } assembly ? GuestConfigurationReader.Read(assembly) : null;
        var error = spec.FirstError ?? guests?.Diagnostics.FirstOrDefault(d => d.IsError);
        if (guests == null || error != null)
            throw new InvalidOperationException($"{appFolder}: the spec has errors: {error}");
        var code = AppCodeLoader.Load(appFolder, spec);
        PcMachine? first = null;
        GuestConsole? console = null;
        var runtime = new AssemblyRuntime(new RuntimeOptions
        {
            Assembly = spec.Assembly!,
            Guests = guests.Guests,
            Providers = code.Providers,
            Extensions = code.Extensions,
            Images = GuestImage.FromAppDirectory(appFolder),
            ConfigureMachine = (g, m) =>
            {
                if (first != null) return;
                first = m;
                console = new GuestConsole(m.SendSerialInput);
                m.SerialOutput = console.Byte;
                m.FlushOutput = console.Flush;
            },
            ComponentOut = TextWriter.Null,
            Log = m => System.Console.Error.WriteLine($"xvm: {m}"),
        });
        runtime.Start();
        return new XvmGuest(runtime, console!, first!);
    }

    /// <summary>Types <paramref name="line"/> and waits for <paramref name="answer"/>.</summary>
    public void Command(string line, string answer)
    {
        Console.Send(line + "\n");
        Console.WaitFor(answer, TimeSpan.FromMinutes(2));
    }

    public void Dispose()
    {
        _runtime.Stop("benchmark finished");
        _runtime.Wait(TimeSpan.FromSeconds(30));
        Console.Close();
        _runtime.Dispose();
    }
}
