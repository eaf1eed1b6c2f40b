using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Passthrough;

/// <summary>
/// A passed-through BAR as the guest reaches it: accesses inside the granted parts go to the device's handler;
/// the rest never reach the device — reads return all ones, writes are dropped — and each ungranted part is
/// reported once, naming the device and the range (the original gives no such help: the access just faults
/// or reads ones). Offsets are relative to the BAR, so the check holds wherever the guest places the window.
/// </summary>
public sealed class GrantedWindow : IBusDevice
{
    private readonly IBusDevice _device;
    private readonly (uint Start, uint End)[] _granted;
    private readonly Gap[] _gaps;
    private readonly bool _all;
    private readonly Action<string> _log;

    private sealed class Gap(uint start, uint end, string message)
    {
        public uint Start { get; } = start;
        public uint End { get; } = end;
        public string Message { get; } = message;
        public bool Reported { get; set; }
    }

    /// <summary>
    /// Wraps <paramref name="bar"/>, whose board base is <paramref name="hostBase"/>; <paramref name="granted"/> are
    /// [start, end) offsets inside the BAR. <paramref name="describe"/> words the report for an ungranted [start, end).
    /// </summary>
    public GrantedWindow(PciBar bar, uint hostBase, IEnumerable<(uint Start, uint End)> granted,
        Func<uint, uint, string> describe, Action<string> log)
    {
        Bar = bar;
        HostBase = hostBase;
        _device = bar.Handler;
        _log = log;
        _granted = [.. Merge(granted, bar.Size)];
        _all = _granted is [(0, var end)] && end == bar.Size;
        _gaps = [.. Gaps(_granted, bar.Size).Select(g => new Gap(g.Start, g.End, describe(g.Start, g.End)))];
    }

    /// <summary>The BAR wrapped.</summary>
    public PciBar Bar { get; }

    /// <summary>The board's base address of the BAR (host-physical address or port).</summary>
    public uint HostBase { get; }

    /// <summary>The granted [start, end) offsets, merged and sorted.</summary>
    public IReadOnlyList<(uint Start, uint End)> Granted => _granted;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (Allowed(offset, size)) return _device.Read(offset, size);
        Deny(offset, size);
        return BusValues.Open(size);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (Allowed(offset, size)) _device.Write(offset, value, size);
        else Deny(offset, size);
    }

    private bool Allowed(uint offset, int size)
    {
        if (_all) return true;
        uint last = offset + (uint)size - 1;
        foreach (var (start, end) in _granted)
            if (offset >= start && last < end) return true;
        return false;
    }

    private void Deny(uint offset, int size)
    {
        ulong end = (ulong)offset + (uint)size;
        foreach (var gap in _gaps)
        {
            if (gap.Reported || offset >= gap.End || end <= gap.Start) continue;
            gap.Reported = true;
            _log(gap.Message);
            return;
        }
    }

    private static IEnumerable<(uint Start, uint End)> Merge(IEnumerable<(uint Start, uint End)> ranges, uint size)
    {
        (uint Start, uint End)? open = null;
        foreach (var (s, e) in ranges.Select(r => (r.Start, Math.Min(r.End, size))).Where(r => r.Start < r.Item2).OrderBy(r => r.Start))
        {
            if (open is { } o && s <= o.End) open = (o.Start, Math.Max(o.End, e));
            else
            {
                if (open is { } done) yield return done;
                open = (s, e);
            }
        }
        if (open is { } last) yield return last;
    }

    private static IEnumerable<(uint Start, uint End)> Gaps((uint Start, uint End)[] granted, uint size)
    {
        uint at = 0;
        foreach (var (s, e) in granted)
        {
            if (s > at) yield return (at, s);
            at = e;
        }
        if (at < size) yield return (at, size);
    }
}
