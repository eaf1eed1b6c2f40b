namespace CamkesVm.X86.Io;

/// <summary>
/// The CPU's I/O port space (IN/OUT/INS/OUTS). Sizes are 1, 2 or 4 bytes. Implementations never throw
/// for guest-driven accesses: unclaimed reads return all ones, unclaimed writes are ignored.
/// </summary>
public interface IPortHandler
{
    /// <summary>Reads <paramref name="size"/> bytes from <paramref name="port"/>.</summary>
    uint In(ushort port, int size);

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/> to <paramref name="port"/>.</summary>
    void Out(ushort port, uint value, int size);
}

/// <summary>A port space with nothing attached.</summary>
public sealed class OpenBusPorts : IPortHandler
{
    /// <summary>The shared instance.</summary>
    public static readonly OpenBusPorts Instance = new();

    /// <inheritdoc/>
    public uint In(ushort port, int size) => size == 4 ? 0xFFFF_FFFFu : (1u << (size * 8)) - 1;

    /// <inheritdoc/>
    public void Out(ushort port, uint value, int size) { }
}

/// <summary>The CPU's INTR line: an interrupt controller that the CPU polls when it can take an interrupt.</summary>
public interface IInterruptController
{
    /// <summary>True when a maskable interrupt is waiting.</summary>
    bool HasPendingInterrupt { get; }

    /// <summary>Acknowledges the highest-priority pending interrupt and returns its vector (the INTA cycle).</summary>
    byte AcknowledgeInterrupt();
}
