using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Vm;

/// <summary>
/// Reads a guest's cross-VM interfaces (seed, "Cross VM Connectors"): every dataport, emits and consumes
/// interface of <c>Init&lt;N&gt;</c> except the VMM's own <c>intready</c>/<c>intready_connector</c> pair.
/// Connected dataports need <c>vmN.&lt;iface&gt;_id</c> ("ids must be contiguous, starting from 1") and
/// <c>vmN.&lt;iface&gt;_size</c> (the seed: "must be configured with an integer specifying the id of the dataport, and
/// the size"), which must match a declared <c>Buf(N)</c>; events are numbered in declaration order
/// per direction unless <c>vmN.&lt;iface&gt;_id</c> says otherwise.
/// </summary>
internal sealed class CrossVmReader(ResolvedAssembly assembly, Instance guest, SettingAccess settings)
{
    private const long PageSize = 4096;

    private static readonly HashSet<string> VmmOwnEvents = new(StringComparer.Ordinal) { "intready", "intready_connector" };

    public List<CrossVmDataport> Dataports()
    {
        var dataports = new List<CrossVmDataport>();
        foreach (var port in guest.Component.Interfaces.Where(i => i.Kind == InterfaceKind.Dataport))
        {
            if (ReadDataport(port) is { } dataport)
            {
                dataports.Add(dataport);
            }
        }
        dataports.Sort((a, b) => a.Id.CompareTo(b.Id));
        RequireContiguous([.. dataports.Select(d => (d.Interface, d.Id))], "dataport ids");
        return dataports;
    }

    /// <summary>
    /// The guest's events of one direction. As in the original (cross_vm.c's tables indexed by id, and the guest's
    /// <c>emits_event_init</c>/<c>consumes_event_init</c>, which number their device nodes 1..N in order), the ids of a
    /// direction must be 1..N: each is <c>vmN.&lt;iface&gt;_id</c> when set, else its place in declaration order.
    /// </summary>
    public List<CrossVmEvent> Events(InterfaceKind kind)
    {
        var events = new List<CrossVmEvent>();
        foreach (var declaration in guest.Component.Interfaces.Where(i => i.Kind == kind && !VmmOwnEvents.Contains(i.Name)))
        {
            var id = settings.Int(declaration.Name + "_id", events.Count + 1);
            var connection = ConnectionOf(declaration);
            if (id is { } value)
            {
                events.Add(new CrossVmEvent(declaration.Name, (int)value, declaration.TypeName, connection?.Name, connection?.Connector.Name));
            }
        }
        var direction = kind == InterfaceKind.Emits ? "emitted" : "consumed";
        RequireContiguous([.. events.Select(e => (e.Interface, e.Id)).OrderBy(e => e.Id)], $"{direction} event ids");
        return events;
    }

    /// <summary>Reports the first id (of a list sorted by id) that is not its 1-based place, at its <c>_id</c> setting or, when derived, at the interface.</summary>
    private void RequireContiguous(IReadOnlyList<(string Interface, int Id)> sorted, string what)
    {
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Id == i + 1)
            {
                continue;
            }
            var attribute = sorted[i].Interface + "_id";
            var derived = settings.IsSet(attribute) ? "" : $" (derived from its declaration order; set {settings.Target(attribute)})";
            var where = settings.IsSet(attribute) ? settings.LocationOf(attribute) : guest.Component.FindInterface(sorted[i].Interface)!.Location;
            var duplicate = i > 0 && sorted[i - 1].Id == sorted[i].Id ? $" ({settings.Owner}.{sorted[i - 1].Interface} has id {sorted[i].Id} too)" : "";
            settings.Diagnostics.ReportGuestValue(where, settings.Target(attribute),
                $"{what} must be contiguous, starting from 1, but id {sorted[i].Id} is in place {i + 1}{duplicate}{derived}");
            return;
        }
    }

    private CrossVmDataport? ReadDataport(InterfaceDeclaration port)
    {
        var connection = ConnectionOf(port);
        var declared = port.DataportSize ?? PageSize;
        var id = connection is null
            ? settings.Int(port.Name + "_id", 0)
            : settings.Int(port.Name + "_id", null, "the id of each connected cross-VM dataport", $"{Local}.{port.Name}_id = 1;");
        var size = connection is null
            ? settings.Int(port.Name + "_size", declared)
            : settings.Int(port.Name + "_size", null, "the size of each connected cross-VM dataport", $"{Local}.{port.Name}_size = {declared};");
        if (id is not { } i || size is not { } s)
        {
            return null;
        }
        var target = settings.Target(port.Name + "_size");
        var where = settings.LocationOf(port.Name + "_size");
        if (s <= 0 || s % PageSize != 0)
        {
            settings.Diagnostics.ReportGuestValue(where, target, $"size {s} must be a positive multiple of the 4096-byte page");
            return null;
        }
        if (port.DataportSize is { } typed && typed != s)
        {
            settings.Diagnostics.ReportGuestValue(where, target, $"size {s} differs from the {typed} bytes of the declared type {port.TypeName}");
            return null;
        }
        return connection is null ? null : new CrossVmDataport(port.Name, (int)i, s, connection.Name, connection.Connector.Name);
    }

    private string Local => guest.Name[(guest.Name.LastIndexOf('.') + 1)..];

    private Connection? ConnectionOf(InterfaceDeclaration declaration) =>
        assembly.Connections.FirstOrDefault(c => c.From.Concat(c.To).Any(e => e.Instance == guest.Name && e.Interface.Name == declaration.Name));
}
