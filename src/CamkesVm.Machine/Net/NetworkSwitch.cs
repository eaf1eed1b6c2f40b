using System.Collections.Concurrent;

namespace CamkesVm.Machine.Net;

/// <summary>
/// An in-process learning Ethernet switch (IEEE 802.1D §7.8 in its simplest form) joining the cards of VMs
/// in one host process: each port learns the source addresses of the frames it sends; a frame to a learned
/// unicast address goes to that port only, broadcast, multicast and unknown destinations are flooded to every
/// other port. A frame is never sent back to the port it came from. Thread-safe.
/// Switches are found by name with <see cref="Named"/> (the <c>switch:NAME</c> backend).
/// </summary>
public sealed class NetworkSwitch
{
    private static readonly ConcurrentDictionary<string, NetworkSwitch> Registry = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private readonly List<Port> _ports = [];
    private readonly Dictionary<MacAddress, Port> _learned = [];

    /// <summary>Creates a switch with no ports.</summary>
    public NetworkSwitch(string name) => Name = name;

    /// <summary>The switch's name (for logs).</summary>
    public string Name { get; }

    /// <summary>The process-wide switch called <paramref name="name"/>, created on first use.</summary>
    public static NetworkSwitch Named(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a switch needs a name, as in switch:lan0", nameof(name));
        return Registry.GetOrAdd(name, n => new NetworkSwitch(n));
    }

    /// <summary>A new port: the backend for one card.</summary>
    public INetworkBackend CreatePort()
    {
        var port = new Port(this);
        lock (_lock) _ports.Add(port);
        return port;
    }

    /// <summary>Number of connected ports.</summary>
    public int PortCount
    {
        get { lock (_lock) return _ports.Count; }
    }

    private void Forward(Port from, ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14) return;
        var destination = MacAddress.From(frame);
        var source = MacAddress.From(frame[6..]);
        Port[] targets;
        lock (_lock)
        {
            if (!source.IsMulticast) _learned[source] = from;
            targets = !destination.IsMulticast && _learned.TryGetValue(destination, out var known)
                ? (known == from ? [] : [known])
                : [.. _ports.Where(p => p != from)];
        }
        foreach (var port in targets) port.Deliver(frame);
    }

    private void Remove(Port port)
    {
        lock (_lock)
        {
            _ports.Remove(port);
            foreach (var mac in _learned.Where(kv => kv.Value == port).Select(kv => kv.Key).ToList()) _learned.Remove(mac);
        }
    }

    private sealed class Port(NetworkSwitch owner) : INetworkBackend
    {
        private volatile IFrameReceiver? _receiver;

        public void Attach(IFrameReceiver receiver) => _receiver = receiver;

        public void Send(ReadOnlySpan<byte> frame) => owner.Forward(this, frame);

        public void Deliver(ReadOnlySpan<byte> frame) => _receiver?.Receive(frame);

        public void Dispose() => owner.Remove(this);
    }
}
