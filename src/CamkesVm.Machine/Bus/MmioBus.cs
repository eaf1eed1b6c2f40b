using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Bus;

/// <summary>
/// Guest-physical accesses that miss RAM: a sorted list of non-overlapping device windows, searched
/// by binary search. Unclaimed reads return all ones, writes are ignored, each reported once per page.
/// </summary>
public sealed class MmioBus : IMmioHandler
{
    private Window[] _windows = [];
    private readonly HashSet<uint> _reported = [];

    private sealed record Window(uint Start, uint Length, IBusDevice Device, string Name)
    {
        public bool Contains(uint a) => a - Start < Length;
    }

    /// <summary>Called once per unclaimed 4 KiB page with a description.</summary>
    public Action<string>? Unclaimed { get; set; }

    /// <summary>Maps <paramref name="device"/> at guest-physical <paramref name="start"/> for <paramref name="length"/> bytes.</summary>
    public void Map(uint start, uint length, IBusDevice device, string name)
    {
        if (length == 0 || (ulong)start + length > 1UL << 32)
            throw new ArgumentOutOfRangeException(nameof(length), $"MMIO window 0x{start:x}+0x{length:x} does not fit 4 GiB");
        foreach (var w in _windows)
            if (start < w.Start + (ulong)w.Length && w.Start < start + (ulong)length)
                throw new InvalidOperationException($"MMIO window 0x{start:x}+0x{length:x} of {name} overlaps {w.Name}");
        _windows = [.. _windows.Append(new Window(start, length, device, name)).OrderBy(w => w.Start)];
    }

    /// <summary>Removes the window starting at <paramref name="start"/>, if any (e.g. when a PCI BAR moves).</summary>
    public void Unmap(uint start) => _windows = [.. _windows.Where(w => w.Start != start)];

    /// <inheritdoc/>
    public uint Read(uint address, int size)
    {
        var w = Find(address);
        if (w != null) return w.Device.Read(address - w.Start, size);
        Report(address, "read", size);
        return BusValues.Open(size);
    }

    /// <inheritdoc/>
    public void Write(uint address, uint value, int size)
    {
        var w = Find(address);
        if (w != null) w.Device.Write(address - w.Start, value, size);
        else Report(address, "write", size);
    }

    private Window? Find(uint address)
    {
        var ws = _windows;
        int lo = 0, hi = ws.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            var w = ws[mid];
            if (address < w.Start) hi = mid - 1;
            else if (w.Contains(address)) return w;
            else lo = mid + 1;
        }
        return null;
    }

    private void Report(uint address, string what, int size)
    {
        if (Unclaimed != null && _reported.Add(address >> 12))
            Unclaimed($"{what} of unclaimed physical address 0x{address:x8} ({size} byte{(size == 1 ? "" : "s")})");
    }
}
