using System.CommandLine;
using CamkesVm.Machine;
using CamkesVm.Machine.Diagnostics;
using CamkesVm.Machine.Net;
using CamkesVm.Machine.Time;

namespace CamkesVm.Cli.Commands;

/// <summary>The options of <c>camkes-vm run</c> that shape every machine: time, limits, diagnostics, traces, disks, network.</summary>
internal sealed record RunSettings(TimeMode Time, long InstructionLimit, bool Verbose, TraceOptions Traces, string? TraceFile,
                                   string[] Disks, string? Net)
{
    /// <summary>Where diagnostics go (stderr, CR LF since the terminal may be raw), or null when not verbose.</summary>
    public Action<string>? Log => Verbose ? m => Console.Error.Write($"camkes-vm: {m}\r\n") : null;

    /// <summary>
    /// Checks what can be checked before anything boots, so that a mistyped option is reported as the option's fault
    /// (not as a VM that failed to build): the --net spelling and the --trace-file folder.
    /// </summary>
    public RunSettings Validated()
    {
        if (Net != null) NetworkBackends.Validate(Net);
        if (TraceFile != null)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(TraceFile))!;
            if (!Directory.Exists(folder))
                throw new ArgumentException($"--trace-file '{TraceFile}': folder '{folder}' does not exist; create it or give another path");
        }
        return this;
    }

    public MachineOptions MachineOptions(int memoryMb) => new()
    {
        MemoryMb = memoryMb,
        TimeMode = Time,
        InstructionLimit = InstructionLimit,
        Log = Log,
    };

    /// <summary>
    /// Plugs in the disks and the network card (unless <paramref name="devices"/> is false: a VM with passthrough gets
    /// them on the board instead) and turns traces on; the result closes what was opened.
    /// </summary>
    public IDisposable Configure(PcMachine machine, bool devices = true)
    {
        var disks = devices ? DiskRunOption.Attach(machine, Disks, Log) : DiskRunOption.Open([], Log);
        if (devices) NetRunOption.Attach(machine, Net, Log);
        var trace = TraceFile == null ? null : new StreamWriter(TraceFile) { AutoFlush = false };
        if (Traces != TraceOptions.None) machine.EnableTrace(Traces, trace ?? Console.Error);
        return new Owned(disks, trace);
    }

    private sealed class Owned(IDisposable disks, IDisposable? trace) : IDisposable
    {
        public void Dispose()
        {
            disks.Dispose();
            trace?.Dispose();
        }
    }
}
