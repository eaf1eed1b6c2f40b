using CamkesVm.Adl.Model;
using CamkesVm.Runtime.Connectors;

namespace CamkesVm.Runtime.Wiring;

/// <summary>
/// The connector objects of an assembly, one per connection, and for every connected interface
/// (<c>instance.interface</c>) the end it may use: an <see cref="EventEmitterEnd"/> or <see cref="EventConsumerEnd"/>,
/// a <see cref="SharedBlock"/>, an <see cref="RpcEndpoint"/> (both the uses and the provides ends of a connection
/// hold the same one), or an <see cref="UnsupportedEnd"/>.
/// </summary>
internal sealed class AssemblyWiring : IDisposable
{
    private const long DefaultDataportSize = SharedBlock.PageSize;

    private readonly Dictionary<(string Instance, string Interface), object> _ends = [];
    private readonly List<SharedBlock> _blocks = [];

    /// <summary>An end connected with a connector the runtime has no implementation of.</summary>
    public sealed record UnsupportedEnd(string Connector, string Connection);

    /// <param name="assembly">The resolved assembly.</param>
    /// <param name="minimumSizes">Per connection name, a size the block must at least have (cross-VM <c>vmN.&lt;dp&gt;_size</c>).</param>
    /// <param name="shutdown">Released on shutdown.</param>
    /// <param name="threads">Where callback threads are registered.</param>
    public AssemblyWiring(ResolvedAssembly assembly, IReadOnlyDictionary<string, long> minimumSizes, ShutdownSignal shutdown, ThreadRegistry threads)
    {
        foreach (var connection in assembly.Connections)
        {
            switch (ConnectorFamilies.Of(connection.Connector.Name))
            {
                case ConnectorFamily.Notification:
                    var consumers = connection.To.Select(e => new EventConsumerEnd(e.ToString(), shutdown, threads)).ToList();
                    for (int i = 0; i < consumers.Count; i++) Add(connection.To[i], consumers[i]);
                    var emitter = new EventEmitterEnd(consumers);
                    foreach (var end in connection.From) Add(end, emitter);
                    break;
                case ConnectorFamily.SharedData:
                    var block = new SharedBlock(connection.Name, BlockSize(assembly, connection, minimumSizes));
                    _blocks.Add(block);
                    foreach (var end in connection.From.Concat(connection.To)) Add(end, block);
                    break;
                case ConnectorFamily.Rpc:
                    var endpoint = new RpcEndpoint(string.Join(", ", connection.To));
                    foreach (var end in connection.From.Concat(connection.To)) Add(end, endpoint);
                    break;
                default:
                    var unsupported = new UnsupportedEnd(connection.Connector.Name, connection.Name);
                    foreach (var end in connection.From.Concat(connection.To)) Add(end, unsupported);
                    break;
            }
        }
    }

    /// <summary>The end of <paramref name="instance"/>.<paramref name="iface"/>, or null when it is unconnected.</summary>
    public object? Find(string instance, string iface) => _ends.GetValueOrDefault((instance, iface));

    private void Add(ConnectionEnd end, object value) => _ends[(end.Instance, end.Interface.Name)] = value;

    /// <summary>The <c>&lt;conn&gt;.size</c> setting, else the largest declared size of its ends, at least the cross-VM size.</summary>
    private static long BlockSize(ResolvedAssembly assembly, Connection connection, IReadOnlyDictionary<string, long> minimumSizes)
    {
        long size = assembly.GetValue(connection.Name, "size") is IntValue { Value: > 0 } set
            ? set.Value
            : connection.From.Concat(connection.To).Max(e => e.Interface.DataportSize ?? DefaultDataportSize);
        return Math.Max(size, minimumSizes.GetValueOrDefault(connection.Name));
    }

    /// <summary>Frees the shared blocks (after every thread that could touch them has ended).</summary>
    public void Dispose()
    {
        foreach (var block in _blocks) block.Dispose();
    }
}
