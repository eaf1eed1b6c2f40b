using System.Runtime.InteropServices;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CGlue;

/// <summary>The connector ends of one C instance, looked up once from its context, in <see cref="CGlueLayout"/> order.</summary>
internal sealed unsafe class CComponentBinding
{
    private readonly IComponentContext _context;
    private readonly int[] _callbackPending;

    public CComponentBinding(CGlueLayout layout, IComponentContext context)
    {
        _context = context;
        Emits = [.. layout.Emits.Select(context.Emits)];
        Consumes = [.. layout.Consumes.Select(context.Consumes)];
        Dataports = [.. layout.Dataports.Select(d => context.Dataport(d.Name))];
        Mutexes = [.. layout.Mutexes.Select(context.Mutex)];
        Semaphores = [.. layout.Semaphores.Select(context.Semaphore)];
        _callbackPending = new int[Consumes.Length];
    }

    public IEventEmitter[] Emits { get; }

    public IEventConsumer[] Consumes { get; }

    public IDataport[] Dataports { get; }

    public IComponentMutex[] Mutexes { get; }

    public IComponentSemaphore[] Semaphores { get; }

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
