using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>Stage s10 checks of connections and of unconnected interfaces (reference §2.7).</summary>
internal sealed class ConnectionChecker(DiagnosticBag diagnostics)
{
    public void Check(IReadOnlyList<Instance> instances, IReadOnlyList<Connection> connections, ISet<string> virtualInterfaces)
    {
        foreach (var connection in connections)
        {
            CheckConnection(connection, instances);
        }
        var connected = connections.SelectMany(c => c.From.Concat(c.To)).Select(e => e.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            foreach (var iface in instance.Component.Interfaces)
            {
                var key = $"{instance.Name}.{iface.Name}";
                if (!iface.Optional && iface.Kind is not (InterfaceKind.Provides or InterfaceKind.Emits)
                    && !connected.Contains(key) && !virtualInterfaces.Contains(key))
                {
                    diagnostics.ReportUnconnected(instance.Location, instance.Name, iface.Name);
                }
            }
        }
    }

    private void CheckConnection(Connection connection, IReadOnlyList<Instance> instances)
    {
        var connector = connection.Connector;
        CheckDuplicateUse(connection);
        CheckSide(connection, connection.From, connector.From, "from");
        CheckSide(connection, connection.To, connector.To, "to");
        if (!DisablesTypeChecking(connector))
        {
            var types = connection.From.Concat(connection.To).Select(e => e.Interface.TypeName).Distinct().ToList();
            if (types.Count > 1)
            {
                diagnostics.ReportConflictingTypes(connection.Location, connection.Name, types);
            }
        }
        foreach (var end in connection.From.Concat(connection.To))
        {
            CheckEnd(connection, end, instances.First(i => i.Name == end.Instance));
        }
    }

    private void CheckDuplicateUse(Connection connection)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var end in connection.From.Concat(connection.To))
        {
            if (!seen.Add(end.ToString()))
            {
                diagnostics.ReportDuplicateInterfaceUse(end.Location, end.ToString());
            }
        }
    }

    private void CheckSide(Connection connection, IReadOnlyList<ConnectionEnd> ends, ConnectorSide side, string name)
    {
        if (ends.Count == 0)
        {
            diagnostics.ReportNoEnds(connection.Location, connection.Name, name);
        }
        else if (ends.Count > 1 && !side.Multiple)
        {
            diagnostics.ReportTooManyEnds(connection.Location, connection.Name, name, connection.Connector.Name);
        }
    }

    private static bool DisablesTypeChecking(ConnectorType connector) =>
        connector.Attributes.Any(a => a.Name == "disable_interface_type_checking" && a.Default is IntValue { Value: not 0 });

    private void CheckEnd(Connection connection, ConnectionEnd end, Instance instance)
    {
        var side = end.IsFrom ? connection.Connector.From : connection.Connector.To;
        var sideName = end.IsFrom ? "from" : "to";
        var kind = end.Interface.Kind;
        var allowed = end.IsFrom
            ? kind is InterfaceKind.Uses or InterfaceKind.Emits or InterfaceKind.Dataport
            : kind is InterfaceKind.Provides or InterfaceKind.Consumes or InterfaceKind.Dataport;
        if (!allowed)
        {
            diagnostics.ReportWrongDirection(end.Location, connection.Name, end.ToString(), sideName);
            return;
        }
        var matches = side.Kind switch
        {
            ConnectorEndKind.Event => kind is InterfaceKind.Emits or InterfaceKind.Consumes,
            ConnectorEndKind.Procedure => kind is InterfaceKind.Uses or InterfaceKind.Provides,
            _ => kind == InterfaceKind.Dataport,
        };
        if (!matches)
        {
            var needed = side.Kind switch { ConnectorEndKind.Event => "events", ConnectorEndKind.Procedure => "procedures", _ => "dataports" };
            diagnostics.ReportWrongKind(end.Location, connection.Name, connection.Connector.Name, sideName, needed, end.ToString());
        }
        else if (side.Hardware != instance.Component.Hardware)
        {
            diagnostics.ReportHardwareMismatch(end.Location, connection.Name, connection.Connector.Name, sideName, side.Hardware, end.ToString());
        }
    }
}
