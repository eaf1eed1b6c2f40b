using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// The C# side of the C glue: one static table of unmanaged function pointers (layout of <c>camkes_glue_ops</c> in
/// <see cref="GlueSourceWriter"/>). Each call carries the instance's <see cref="GCHandle"/> (<c>self</c>) and the
/// index of the connector end in its <see cref="CGlueLayout"/> list.
/// </summary>
internal static unsafe class GlueCallbacks
{
    /// <summary>Mirrors <c>camkes_glue_ops</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Table
    {
        public delegate* unmanaged<nint, int, void> Emit;
        public delegate* unmanaged<nint, int, void> Wait;
        public delegate* unmanaged<nint, int, int> Poll;
        public delegate* unmanaged<nint, int, nint, nint, int> RegCallback;
        public delegate* unmanaged<nint, int, int> MutexLock;
        public delegate* unmanaged<nint, int, int> MutexUnlock;
        public delegate* unmanaged<nint, int, int> SemWait;
        public delegate* unmanaged<nint, int, int> SemTryWait;
        public delegate* unmanaged<nint, int, int> SemPost;
        public delegate* unmanaged<nint, byte*, int, void> WriteOut;
        public delegate* unmanaged<nint, int, int, long*, void> RpcCall;
    }

    /// <summary>The table, allocated once and never freed (libraries keep pointing at it).</summary>
    public static readonly Table* Instance = Create();

    private static Table* Create()
    {
        var table = (Table*)NativeMemory.AllocZeroed((nuint)sizeof(Table));
        table->Emit = &Emit;
        table->Wait = &Wait;
        table->Poll = &Poll;
        table->RegCallback = &RegCallback;
        table->MutexLock = &MutexLock;
        table->MutexUnlock = &MutexUnlock;
        table->SemWait = &SemWait;
        table->SemTryWait = &SemTryWait;
        table->SemPost = &SemPost;
        table->WriteOut = &WriteOut;
        table->RpcCall = &RpcCall;
        return table;
    }

    private static CComponentBinding Of(nint self) => (CComponentBinding)GCHandle.FromIntPtr(self).Target!;

    [UnmanagedCallersOnly]
    private static void Emit(nint self, int index) => Guard(self, b => b.Emits[index].Emit());

    [UnmanagedCallersOnly]
    private static void Wait(nint self, int index) => Guard(self, b => b.Consumes[index].Wait(), parkOnFailure: true);

    [UnmanagedCallersOnly]
    private static int Poll(nint self, int index) => Guard(self, b => b.Consumes[index].Poll() ? 1 : 0);

    [UnmanagedCallersOnly]
    private static int RegCallback(nint self, int index, nint callback, nint arg) => Guard(self, b => b.RegisterCallback(index, callback, arg));

    [UnmanagedCallersOnly]
    private static int MutexLock(nint self, int index) => Guard(self, b => { b.Mutexes[index].Lock(); return 0; });

    [UnmanagedCallersOnly]
    private static int MutexUnlock(nint self, int index) => Guard(self, b => { b.Mutexes[index].Unlock(); return 0; });

    [UnmanagedCallersOnly]
    private static int SemWait(nint self, int index) => Guard(self, b => { b.Semaphores[index].Wait(); return 0; });

    [UnmanagedCallersOnly]
    private static int SemTryWait(nint self, int index) => Guard(self, b => b.Semaphores[index].TryWait() ? 0 : -1);

    [UnmanagedCallersOnly]
    private static int SemPost(nint self, int index) => Guard(self, b => { b.Semaphores[index].Post(); return 0; });

    [UnmanagedCallersOnly]
    private static void WriteOut(nint self, byte* text, int length) =>
        Guard(self, b => b.Write(Encoding.UTF8.GetString(text, length)));

    /// <summary>A procedure call from C; a failure parks the C thread (it has no result to return).</summary>
    [UnmanagedCallersOnly]
    private static void RpcCall(nint self, int iface, int method, long* slots) => Guard(self, b => b.Call(iface, method, slots), parkOnFailure: true);

    private static void Guard(nint self, Action<CComponentBinding> action, bool parkOnFailure = false) =>
        Guard(self, b => { action(b); return 0; }, parkOnFailure);

    /// <summary>
    /// An exception must not cross into C (it would end the process): it is reported on the instance's output and the
    /// call returns -1; a blocking wait that fails (the runtime shutting down) parks the C thread instead of returning
    /// as if an event had come.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Guard(nint self, Func<CComponentBinding, int> call, bool parkOnFailure = false)
    {
        var binding = Of(self);
        try
        {
            return call(binding);
        }
        catch (RuntimeShutdownException) when (parkOnFailure)
        {
            ParkedThreads.ParkForever();
            return -1;
        }
        catch (Exception e)
        {
            binding.Fail(e);
            if (parkOnFailure)
            {
                ParkedThreads.ParkForever();
            }
            return -1;
        }
    }
}
