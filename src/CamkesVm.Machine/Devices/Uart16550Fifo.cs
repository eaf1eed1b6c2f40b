namespace CamkesVm.Machine.Devices;

/// <summary>
/// The 16-byte receive FIFO of a <see cref="Uart16550"/> (PC16550D datasheet, "FIFO operation"): a ring of
/// bytes whose usable depth is 16 in FIFO mode and 1 (the 16450-compatible RBR) when FIFOs are disabled.
/// </summary>
internal sealed class Uart16550Fifo
{
    /// <summary>Bytes the hardware FIFO holds.</summary>
    public const int Depth = 16;

    private readonly byte[] _bytes = new byte[Depth];
    private int _head;

    /// <summary>Bytes held.</summary>
    public int Count { get; private set; }

    /// <summary>The depth in use: 16, or 1 in 16450 mode.</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>True when no byte more fits.</summary>
    public bool IsFull => Count >= Capacity;

    /// <summary>Appends a byte; false (and nothing stored) when full.</summary>
    public bool TryPush(byte value)
    {
        if (IsFull) return false;
        _bytes[(_head + Count) % Depth] = value;
        Count++;
        return true;
    }

    /// <summary>Removes the oldest byte; an empty FIFO reads the last byte again, as the RBR does.</summary>
    public byte Pop()
    {
        if (Count == 0) return _bytes[(_head + Depth - 1) % Depth];
        byte b = _bytes[_head];
        _head = (_head + 1) % Depth;
        Count--;
        return b;
    }

    /// <summary>Overwrites the newest byte (16450-mode overrun: the RBR is replaced by the new character).</summary>
    public void ReplaceNewest(byte value) => _bytes[(_head + Count - 1 + Depth) % Depth] = value;

    /// <summary>Empties the FIFO.</summary>
    public void Clear()
    {
        _head = 0;
        Count = 0;
    }
}
