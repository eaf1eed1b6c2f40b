using CamkesVm.Machine.Diagnostics;
using CamkesVm.X86.Cpu;

namespace CamkesVm.Machine;

/// <summary>Debug tracing (<c>camkes-vm run --trace</c>): decorators and a single-step loop, absent unless asked for.</summary>
public sealed partial class PcMachine
{
    private InstructionTracer? _tracer;

    /// <summary>Turns on the given traces, written to <paramref name="output"/>. Call before <see cref="Run"/>.</summary>
    public void EnableTrace(TraceOptions options, TextWriter output)
    {
        if (options.HasFlag(TraceOptions.Instructions))
            _tracer = new InstructionTracer(Cpu, output, options.HasFlag(TraceOptions.Registers));
        if (options.HasFlag(TraceOptions.PortIo))
            Cpu.Ports = new TracingPorts(Cpu.Ports, output);
        if (options.HasFlag(TraceOptions.Interrupts) && Cpu.InterruptController is { } ic)
            Cpu.InterruptController = new TracingInterrupts(ic, output,
                () => $"{Cpu.GetSegment(SegReg.CS).Selector:x4}:{Cpu.Eip:x8} (instruction {Cpu.InstructionCount})");
    }

    private ExitReason RunSlice(long slice)
    {
        if (_tracer == null) return Cpu.Run(slice);
        for (long i = 0; i < slice; i++)
        {
            _tracer.TraceNext();
            var r = Cpu.Step();
            if (r != ExitReason.Stepped) return r;
        }
        return ExitReason.BudgetExhausted;
    }
}
