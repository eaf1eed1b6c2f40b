namespace CamkesVm.Machine.Storage;

/// <summary>A disk held in host memory (scratch disks and tests); it is lost with the process.</summary>
public sealed class MemoryDisk : IDiskBackend
{
    private readonly byte[] _data;

    /// <summary>A zeroed disk of <paramref name="sectors"/> sectors.</summary>
    public MemoryDisk(long sectors)
    {
        if (sectors <= 0 || sectors > int.MaxValue / IDiskBackend.SectorSize)
            throw new ArgumentOutOfRangeException(nameof(sectors), $"a memory disk holds 1 to {int.MaxValue / IDiskBackend.SectorSize} sectors, not {sectors}");
        _data = new byte[sectors * IDiskBackend.SectorSize];
        SectorCount = sectors;
    }

    /// <summary>The disk's bytes (tests inspect and preset them).</summary>
    public Span<byte> Bytes => _data;

    /// <summary>How many times the guest flushed.</summary>
    public int Flushes { get; private set; }

    /// <inheritdoc/>
    public long SectorCount { get; }

    /// <inheritdoc/>
    public bool ReadOnly { get; init; }

    /// <inheritdoc/>
    public bool Read(long lba, Span<byte> buffer)
    {
        if (!IDiskBackend.Contains(SectorCount, lba, buffer.Length)) return false;
        _data.AsSpan((int)(lba * IDiskBackend.SectorSize), buffer.Length).CopyTo(buffer);
        return true;
    }

    /// <inheritdoc/>
    public bool Write(long lba, ReadOnlySpan<byte> data)
    {
        if (ReadOnly || !IDiskBackend.Contains(SectorCount, lba, data.Length)) return false;
        data.CopyTo(_data.AsSpan((int)(lba * IDiskBackend.SectorSize)));
        return true;
    }

    /// <inheritdoc/>
    public bool Flush()
    {
        Flushes++;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
