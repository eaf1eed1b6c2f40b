using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// A C component's <c>provides</c> interface as the runtime calls it: packs the arguments into slots, runs the
/// glue's <c>camkes_glue_serve</c> (which calls the component's <c>&lt;iface&gt;_&lt;method&gt;</c>) on the calling
/// thread, and unpacks the results. The RPC endpoint serves one call at a time, as the server's single interface
/// thread does in CAmkES.
/// </summary>
internal sealed unsafe class CProcedureServer(CProcedureInterface iface, int servedBase, delegate* unmanaged<int, long*, void> serve, string instance)
    : IProcedureCalls
{
    private readonly Dictionary<string, int> _methods = iface.Methods.Select((m, i) => (m.CSharpName, i)).ToDictionary(StringComparer.Ordinal);

    public object? Call(string method, object?[] arguments)
    {
        if (!_methods.TryGetValue(method, out var index))
        {
            throw new InvalidOperationException($"{instance}.{iface.Name} (procedure {iface.Procedure}) has no method {method}; " +
                $"it has {string.Join(", ", iface.Methods.Select(m => m.CSharpName))}");
        }
        var signature = iface.Methods[index];
        if (arguments.Length != signature.Parameters.Count)
        {
            throw new ArgumentException($"{instance}.{iface.Name}_{signature.Name} takes {signature.Parameters.Count} argument(s), not {arguments.Length}");
        }
        var slots = stackalloc long[arguments.Length + 1];
        var given = stackalloc long[arguments.Length + 1];
        new Span<long>(slots, arguments.Length + 1).Clear();
        new Span<long>(given, arguments.Length + 1).Clear();
        try
        {
            for (var k = 1; k <= arguments.Length; k++)
            {
                var p = signature.Parameters[k - 1];
                if (p.IsInput)
                {
                    slots[k] = given[k] = RpcSlots.Write(p.Type, arguments[k - 1]);
                }
            }
            serve(servedBase + index, slots);
            for (var k = 1; k <= arguments.Length; k++)
            {
                var p = signature.Parameters[k - 1];
                if (p.IsOutput)
                {
                    arguments[k - 1] = RpcSlots.Read(p.Type, slots[k]);
                }
            }
            return signature.Return is { } r ? RpcSlots.Read(r, slots[0]) : null;
        }
        finally
        {
            FreeStrings(signature, given, slots);
        }
    }

    /// <summary>
    /// The strings this side allocated for the call, and those the C side handed back (result, out, inout; an output
    /// slot still holding this side's pointer means the call never ran).
    /// </summary>
    private static void FreeStrings(CMethod signature, long* given, long* returned)
    {
        for (var k = 1; k <= signature.Parameters.Count; k++)
        {
            var p = signature.Parameters[k - 1];
            if (p.Type.Field != SlotField.String)
            {
                continue;
            }
            RpcSlots.Free(given[k]);
            if (p.IsOutput && returned[k] != given[k])
            {
                RpcSlots.Free(returned[k]);
            }
        }
        if (signature.Return?.Field == SlotField.String)
        {
            RpcSlots.Free(returned[0]);
        }
    }
}
