using CamkesVm.X86.Io;

namespace CamkesVm.Machine.Bus;

/// <summary>
/// The 64 KiB I/O port space. Each port points at the device mapped there (one table lookup per access).
/// Unclaimed reads return all ones, unclaimed writes are ignored; both are reported once per port through
/// <see cref="Unclaimed"/> (DESIGN.md, "Devices").
/// </summary>
public sealed class PortBus : IPortHandler
{
    private readonly Mapping?[] _ports = new Mapping?[0x10000];
    private readonly HashSet<ushort> _reported = [];

    private sealed record Mapping(ushort Start, ushort Length, IBusDevice Device, string Name);

    /// <summary>Called once per unclaimed port with a description, e.g. "read of unclaimed port 0x2f8 (1 byte)".</summary>
    public Action<string>? Unclaimed { get; set; }

    /// <summary>Maps <paramref name="device"/> at ports <paramref name="start"/>..start+length-1.</summary>
    public void Map(ushort start, int length, IBusDevice device, string name)
    {
        if (length <= 0 || start + length > 0x10000)
            throw new ArgumentOutOfRangeException(nameof(length), $"port range 0x{start:x}+{length} does not fit the I/O space");
        for (int p = start; p < start + length; p++)
            if (_ports[p] is { } other)
                throw new InvalidOperationException($"port 0x{p:x} of {name} is already taken by {other.Name}");
        var m = new Mapping(start, (ushort)length, device, name);
        for (int p = start; p < start + length; p++) _ports[p] = m;
    }

    /// <summary>Removes whatever is mapped at the given ports.</summary>
    public void Unmap(ushort start, int length)
    {
        for (int p = start; p < start + length && p < 0x10000; p++) _ports[p] = null;
    }

    /// <summary>The name of the device at <paramref name="port"/>, or null.</summary>
    public string? NameAt(ushort port) => _ports[port]?.Name;

    /// <inheritdoc/>
    public uint In(ushort port, int size)
    {
        if (_ports[port] is { } m) return m.Device.Read((uint)(port - m.Start), size);
        Report(port, "read", size);
        return BusValues.Open(size);
    }

    /// <inheritdoc/>
    public void Out(ushort port, uint value, int size)
    {
        if (_ports[port] is { } m) m.Device.Write((uint)(port - m.Start), value, size);
        else Report(port, "write", size);
    }

    private void Report(ushort port, string what, int size)
    {
        if (Unclaimed != null && _reported.Add(port))
            Unclaimed($"{what} of unclaimed port 0x{port:x} ({size} byte{(size == 1 ? "" : "s")})");
    }
}
