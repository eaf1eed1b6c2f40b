namespace CamkesVm.Machine.Storage;

/// <summary>
/// Where a disk's sectors live (a raw image file, memory). The controllers call it on the machine thread:
/// reads and writes of whole 512-byte sectors, and <see cref="Flush"/> when the guest sends FLUSH CACHE.
/// A write has reached the host operating system when it returns (no buffering in the VMM), so a killed
/// VMM loses nothing the guest saw completed; <see cref="Flush"/> makes it durable on the host's storage.
/// </summary>
public interface IDiskBackend : IDisposable
{
    /// <summary>Bytes per logical sector (512).</summary>
    public const int SectorSize = 512;

    /// <summary>Size of the disk in sectors.</summary>
    long SectorCount { get; }

    /// <summary>True when the guest may not write (writes fail as media errors).</summary>
    bool ReadOnly { get; }

    /// <summary>Reads <c>buffer.Length / 512</c> sectors from <paramref name="lba"/>; false when out of range or on a host I/O error.</summary>
    bool Read(long lba, Span<byte> buffer);

    /// <summary>Writes <c>data.Length / 512</c> sectors at <paramref name="lba"/>; false when out of range, read-only or on a host I/O error.</summary>
    bool Write(long lba, ReadOnlySpan<byte> data);

    /// <summary>True when <paramref name="bytes"/> (whole sectors) from <paramref name="lba"/> lie inside a disk of <paramref name="sectorCount"/> sectors.</summary>
    static bool Contains(long sectorCount, long lba, int bytes) =>
        lba >= 0 && bytes >= 0 && bytes % SectorSize == 0 && lba + bytes / SectorSize <= sectorCount;

    /// <summary>Makes every completed write durable (fsync); false on a host I/O error.</summary>
    bool Flush();
}
