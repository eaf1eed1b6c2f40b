namespace CamkesVm.X86.Memory;

/// <summary>
/// Receives guest-physical accesses that do not hit RAM (memory-mapped devices, holes).
/// Addresses are absolute guest-physical; sizes are 1, 2 or 4 bytes. Implementations must never
/// throw for guest-driven accesses: unclaimed reads return all ones, unclaimed writes are ignored.
/// </summary>
public interface IMmioHandler
{
    /// <summary>Reads <paramref name="size"/> bytes at guest-physical <paramref name="address"/>.</summary>
    uint Read(uint address, int size);

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/>.</summary>
    void Write(uint address, uint value, int size);
}

/// <summary>An MMIO handler for a machine with no devices: reads float high, writes vanish.</summary>
public sealed class OpenBusMmio : IMmioHandler
{
    /// <summary>The shared instance.</summary>
    public static readonly OpenBusMmio Instance = new();

    /// <inheritdoc/>
    public uint Read(uint address, int size) => size == 4 ? 0xFFFF_FFFFu : (1u << (size * 8)) - 1;

    /// <inheritdoc/>
    public void Write(uint address, uint value, int size) { }
}
