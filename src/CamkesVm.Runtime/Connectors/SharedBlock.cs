using System.Runtime.InteropServices;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Connectors;

/// <summary>
/// The memory of a seL4SharedData / seL4SharedDataWithCaps connection: one page-aligned, zeroed block outside the
/// GC heap, so its address is stable (C glue keeps the pointer; a VM maps its pages into guest RAM). Every end of
/// the connection sees the same bytes. Freed by the runtime after every thread has been joined.
/// </summary>
internal sealed unsafe class SharedBlock : IDataport, IDisposable
{
    public const int PageSize = 4096;

    private byte* _pointer;

    /// <summary>Allocates <paramref name="bytes"/> rounded up to whole pages.</summary>
    public SharedBlock(string connection, long bytes)
    {
        if (bytes <= 0 || bytes > int.MaxValue - PageSize)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"dataport connection {connection}: size must be 1..2 GiB");
        Connection = connection;
        Size = (int)((bytes + PageSize - 1) / PageSize * PageSize);
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Size, PageSize);
        NativeMemory.Clear(_pointer, (nuint)Size);
    }

    public string Connection { get; }

    public int Size { get; }

    public byte* Pointer => _pointer != null ? _pointer : throw new ObjectDisposedException($"dataport {Connection}");

    public Span<byte> Span => new(Pointer, Size);

    public void Dispose()
    {
        if (_pointer == null) return;
        NativeMemory.AlignedFree(_pointer);
        _pointer = null;
    }
}
