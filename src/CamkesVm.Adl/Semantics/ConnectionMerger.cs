using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Stage s9: connections that share an end become one N-way connection named by their sorted names
/// joined with '.', as camkes-tool does (quirk Q10). Postcondition: no two connections share an end,
/// and each connection's ends are deduplicated and sorted by (instance, interface).
/// </summary>
internal static class ConnectionMerger
{
    public static List<Connection> Merge(List<FlatConnection> connections, DiagnosticBag diagnostics)
    {
        diagnostics.Stage = CompilerStage.MergeConnections;
        var parent = Enumerable.Range(0, connections.Count).ToArray();
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < connections.Count; i++)
        {
            foreach (var end in connections[i].Ends)
            {
                if (owners.TryGetValue(end.ToString(), out var other))
                {
                    parent[Find(parent, i)] = Find(parent, other);
                }
                else
                {
                    owners[end.ToString()] = i;
                }
            }
        }
        return [.. Enumerable.Range(0, connections.Count).GroupBy(i => Find(parent, i))
            .Select(group => Combine(group.Select(i => connections[i]).ToList(), diagnostics))];
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            i = parent[i] = parent[parent[i]];
        }
        return i;
    }

    private static Connection Combine(List<FlatConnection> group, DiagnosticBag diagnostics)
    {
        var name = group.Count == 1 ? group[0].Name : string.Join('.', group.Select(c => c.Name).Order(StringComparer.Ordinal));
        var connectors = group.Select(c => c.Connector).Distinct().ToList();
        if (connectors.Count > 1)
        {
            diagnostics.ReportMultipleConnectors(group[0].Location, name, connectors.Select(c => c.Name));
        }
        var ends = group.SelectMany(c => c.Ends).DistinctBy(e => (e.IsFrom, e.Instance, e.Interface.Name)).ToList();
        return new Connection(name, group[0].Connector, Sorted(ends, true), Sorted(ends, false), group[0].Location);
    }

    private static List<ConnectionEnd> Sorted(List<ConnectionEnd> ends, bool from) =>
        [.. ends.Where(e => e.IsFrom == from).OrderBy(e => e.Instance, StringComparer.Ordinal).ThenBy(e => e.Interface.Name, StringComparer.Ordinal)];
}
