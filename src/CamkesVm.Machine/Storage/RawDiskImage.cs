using Microsoft.Win32.SafeHandles;

namespace CamkesVm.Machine.Storage;

/// <summary>
/// A disk backed by a raw image file (sector N at byte offset N × 512), as QEMU's <c>format=raw</c>.
/// Every guest write is a positioned write straight to the file (<see cref="RandomAccess"/>, no user-space
/// cache), issued before the controller reports the command complete and in the order the guest issued
/// them: when the VMM is killed the image holds exactly the writes the guest saw completed. FLUSH CACHE
/// maps to fsync (<see cref="RandomAccess.FlushToDisk"/>), which also runs on <see cref="Dispose"/>, so the
/// guest's own write barriers (ext4's journal commits) hold on the host's storage too.
/// Host I/O errors are reported to the guest as media errors, never thrown into the machine.
/// </summary>
public sealed class RawDiskImage : IDiskBackend
{
    private readonly SafeFileHandle _file;
    private readonly Action<string>? _log;
    private bool _dirty;

    private RawDiskImage(SafeFileHandle file, long sectors, bool readOnly, string path, Action<string>? log)
    {
        _file = file;
        SectorCount = sectors;
        ReadOnly = readOnly;
        Path = path;
        _log = log;
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public long SectorCount { get; }

    /// <inheritdoc/>
    public bool ReadOnly { get; }

    /// <summary>
    /// Opens <paramref name="path"/>; its size must be a non-zero multiple of 512 bytes.
    /// Throws <see cref="DiskImageException"/> with what is wrong and how to fix it.
    /// </summary>
    public static RawDiskImage Open(string path, bool readOnly = false, Action<string>? log = null)
    {
        if (!File.Exists(path))
            throw new DiskImageException($"disk image '{path}' does not exist (create one with 'camkes-vm disk create')");
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite,
                FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiskImageException($"cannot open disk image '{path}': {e.Message}" +
                (readOnly ? "" : " (is another VM using it? add ',readonly' to share it read-only)"));
        }
        long length = RandomAccess.GetLength(handle);
        if (length == 0 || length % IDiskBackend.SectorSize != 0)
        {
            handle.Dispose();
            throw new DiskImageException($"disk image '{path}' is {length} bytes: a raw image is a non-zero multiple of 512 bytes (resize it with 'truncate -s')");
        }
        return new RawDiskImage(handle, length / IDiskBackend.SectorSize, readOnly, path, log);
    }

    /// <inheritdoc/>
    public bool Read(long lba, Span<byte> buffer)
    {
        if (!IDiskBackend.Contains(SectorCount, lba, buffer.Length)) return false;
        try
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int n = RandomAccess.Read(_file, buffer[done..], lba * IDiskBackend.SectorSize + done);
                if (n <= 0) { buffer[done..].Clear(); break; }
                done += n;
            }
            return true;
        }
        catch (IOException e) { return Failed("read", lba, e); }
    }

    /// <inheritdoc/>
    public bool Write(long lba, ReadOnlySpan<byte> data)
    {
        if (ReadOnly || !IDiskBackend.Contains(SectorCount, lba, data.Length)) return false;
        try
        {
            RandomAccess.Write(_file, data, lba * IDiskBackend.SectorSize);
            _dirty = true;
            return true;
        }
        catch (IOException e) { return Failed("write", lba, e); }
    }

    /// <inheritdoc/>
    public bool Flush()
    {
        if (!_dirty) return true;
        try
        {
            RandomAccess.FlushToDisk(_file);
            _dirty = false;
            return true;
        }
        catch (IOException e) { return Failed("flush", 0, e); }
    }

    /// <summary>Flushes and closes the image.</summary>
    public void Dispose()
    {
        if (_file.IsClosed) return;
        if (!ReadOnly) Flush();
        _file.Dispose();
    }

    private bool Failed(string what, long lba, IOException e)
    {
        _log?.Invoke($"disk {Path}: host {what} failed at sector {lba}: {e.Message}");
        return false;
    }
}

/// <summary>A disk image that cannot be used, with the reason and the fix.</summary>
public sealed class DiskImageException(string message) : Exception(message);
