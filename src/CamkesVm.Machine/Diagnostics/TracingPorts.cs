using CamkesVm.X86.Io;

namespace CamkesVm.Machine.Diagnostics;

/// <summary>A port space that prints each access, then passes it on (installed only with --trace io).</summary>
public sealed class TracingPorts(IPortHandler inner, TextWriter output) : IPortHandler
{
    /// <inheritdoc/>
    public uint In(ushort port, int size)
    {
        uint v = inner.In(port, size);
        output.WriteLine($"io: in{Suffix(size)} 0x{port:x4} -> 0x{v:x}");
        return v;
    }

    /// <inheritdoc/>
    public void Out(ushort port, uint value, int size)
    {
        output.WriteLine($"io: out{Suffix(size)} 0x{port:x4} <- 0x{value:x}");
        inner.Out(port, value, size);
    }

    private static char Suffix(int size) => size switch { 1 => 'b', 2 => 'w', _ => 'l' };
}

/// <summary>An interrupt controller that prints each acknowledged vector (installed only with --trace int).</summary>
public sealed class TracingInterrupts(IInterruptController inner, TextWriter output, Func<string> where) : IInterruptController
{
    /// <inheritdoc/>
    public bool HasPendingInterrupt => inner.HasPendingInterrupt;

    /// <inheritdoc/>
    public byte AcknowledgeInterrupt()
    {
        byte v = inner.AcknowledgeInterrupt();
        output.WriteLine($"int: vector 0x{v:x2} at {where()}");
        return v;
    }
}
