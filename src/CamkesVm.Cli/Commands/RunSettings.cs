using System.CommandLine;
using CamkesVm.Machine;
using CamkesVm.Machine.Diagnostics;
using CamkesVm.Machine.Time;

namespace CamkesVm.Cli.Commands;

/// <summary>The options of <c>camkes-vm run</c> that shape every machine: time, limits, diagnostics, traces, disks, network.</summary>
internal sealed record RunSettings(TimeMode Time, long InstructionLimit, bool Verbose, TraceOptions Traces, string? TraceFile,
                                   string[] Disks, string? Net)
{
    /// <summary>Where diagnostics go (stderr, CR LF since the terminal may be raw), or null when not verbose.</summary>
    public Action<string>? Log => Verbose ? m => Console.Error.Write($"camkes-vm: {m}\r\n") : null;

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
