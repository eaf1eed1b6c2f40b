using System.Runtime.InteropServices;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CGlue;

/// <summary>The connector ends of one C instance, looked up once from its context, in <see cref="CGlueLayout"/> order.</summary>
internal sealed unsafe class CComponentBinding
{
    private readonly IComponentContext _context;
    private readonly CGlueLayout _layout;
    private readonly int[] _callbackPending;

    public CComponentBinding(CGlueLayout layout, IComponentContext context)
    {
        _context = context;
        _layout = layout;
        Emits = [.. layout.Emits.Select(context.Emits)];
        Consumes = [.. layout.Consumes.Select(context.Consumes)];
        Dataports = [.. layout.Dataports.Select(d => context.Dataport(d.Name))];
        Mutexes = [.. layout.Mutexes.Select(context.Mutex)];
        Semaphores = [.. layout.Semaphores.Select(context.Semaphore)];
        Uses = [.. layout.Uses.Select(u => context.UsesByName(u.Name))];
        _callbackPending = new int[Consumes.Length];
    }

    public IEventEmitter[] Emits { get; }

    public IEventConsumer[] Consumes { get; }

    public IDataport[] Dataports { get; }

    public IComponentMutex[] Mutexes { get; }

    public IComponentSemaphore[] Semaphores { get; }

    public IProcedureCalls[] Uses { get; }

    /// <summary>
    /// A C call of <c>uses</c> interface <paramref name="iface"/>, method <paramref name="method"/>: reads the inputs from
    /// <paramref name="slots"/>, calls through the RPC connector (blocking until the callee returns) and writes the result
    /// and outputs back. A failing callee becomes an <see cref="AppCodeException"/> naming the function.
    /// </summary>
    public void Call(int iface, int method, long* slots)
    {
        var used = _layout.Uses[iface];
        var signature = used.Methods[method];
        var arguments = new object?[signature.Parameters.Count];
        for (var k = 1; k <= arguments.Length; k++)
        {
            var p = signature.Parameters[k - 1];
            arguments[k - 1] = p.IsInput ? RpcSlots.Read(p.Type, slots[k]) : null;
        }
        object? result;
        try
        {
            result = Uses[iface].Call(signature.CSharpName, arguments);
        }
        catch (Exception e) when (e is not RuntimeShutdownException)
        {
            throw new AppCodeException($"{used.Name}_{signature.Name}() (procedure {used.Procedure}) failed: {e.GetType().Name}: {e.Message}; " +
                "the calling C thread stops here, as the call has no result to return");
        }
        for (var k = 1; k <= arguments.Length; k++)
        {
            var p = signature.Parameters[k - 1];
            if (p.IsOutput)
            {
                slots[k] = RpcSlots.Write(p.Type, arguments[k - 1]);
            }
        }
        if (signature.Return is { } r)
        {
            slots[0] = RpcSlots.Write(r, result);
        }
    }

    /// <summary>CAmkES <c>c_reg_callback</c>: one-shot; -1 if one is already registered and has not fired.</summary>
    public int RegisterCallback(int index, nint callback, nint arg)
    {
        if (Interlocked.Exchange(ref _callbackPending[index], 1) == 1)
        {
            return -1;
        }
        Consumes[index].RegisterCallback(() =>
        {
            Volatile.Write(ref _callbackPending[index], 0);
            ((delegate* unmanaged<nint, void>)callback)(arg);
        });
        return 0;
    }

    /// <summary>Text the C code printed.</summary>
    public void Write(string text)
    {
        _context.Out.Write(text);
        _context.Out.Flush();
    }

    /// <summary>A callback failed; say so on the instance's output.</summary>
    public void Fail(Exception e) => Write($"[{_context.InstanceName}] C glue call failed: {e.GetType().Name}: {e.Message}{Environment.NewLine}");

    /// <summary>A GC handle to this binding (the <c>self</c> the C glue passes back).</summary>
    public GCHandle Pin() => GCHandle.Alloc(this);
}
