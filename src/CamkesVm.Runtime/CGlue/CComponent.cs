using System.Runtime.InteropServices;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// A native component written in C: the shared library built by <see cref="CGlueBuilder"/> from the app's C files and
/// the generated glue, loaded in this process. Each instance loads its own copy of the library, so the C globals
/// (<c>data</c>, the component's own statics) are per instance as in CAmkES, where every instance is its own program.
/// </summary>
public sealed unsafe class CComponent : NativeComponent
{
    private readonly CGlueLayout _layout;
    private readonly string _libraryPath;
    private GCHandle _self;
    private nint _library;

    /// <summary>A component backed by the library at <paramref name="libraryPath"/>.</summary>
    public CComponent(CGlueLayout layout, string libraryPath)
    {
        _layout = layout;
        _libraryPath = libraryPath;
    }

    /// <summary>
    /// Looks up the connector ends, loads the instance's copy of the library, hands it the callback table and registers
    /// its provided interfaces.
    /// </summary>
    protected override void Bind(IComponentContext context)
    {
        var binding = new CComponentBinding(_layout, context);
        _self = binding.Pin();
        _library = LoadPrivateCopy(_libraryPath);
        var name = Marshal.StringToCoTaskMemUTF8(context.InstanceName);
        try
        {
            var init = (delegate* unmanaged<GlueCallbacks.Table*, nint, nint, void>)Export("camkes_glue_init");
            init(GlueCallbacks.Instance, GCHandle.ToIntPtr(_self), name);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
        var pointers = stackalloc nint[Math.Max(1, binding.Dataports.Length)];
        for (var i = 0; i < binding.Dataports.Length; i++)
        {
            pointers[i] = (nint)binding.Dataports[i].Pointer;
        }
        ((delegate* unmanaged<nint*, void>)Export("camkes_glue_set_dataports"))(pointers);
        var serve = (delegate* unmanaged<int, long*, void>)Export("camkes_glue_serve");
        for (var i = 0; i < _layout.Provides.Count; i++)
        {
            context.ProvidesByName(_layout.Provides[i].Name, new CProcedureServer(_layout.Provides[i], _layout.ServedBase(i), serve, context.InstanceName));
        }
    }

    /// <summary>CAmkES <c>pre_init()</c>, then each provided interface's <c>&lt;iface&gt;__init()</c> (both weak).</summary>
    public override void PreInit() => ((delegate* unmanaged<void>)Export("camkes_glue_pre_init"))();

    /// <inheritdoc />
    public override void PostInit() => ((delegate* unmanaged<void>)Export("camkes_glue_post_init"))();

    /// <summary>The C <c>run()</c>, or 0 if the C files define none.</summary>
    public override int Run() =>
        ((delegate* unmanaged<int>)Export("camkes_glue_has_run"))() != 0 ? ((delegate* unmanaged<int>)Export("camkes_glue_run"))() : 0;

    /// <summary>True when the C files define <c>run()</c>.</summary>
    public bool HasRun => ((delegate* unmanaged<int>)Export("camkes_glue_has_run"))() != 0;

    private nint Export(string name) =>
        _library == 0 ? throw new InvalidOperationException($"C component {_layout.TypeName} is not bound yet") : NativeLibrary.GetExport(_library, name);

    /// <summary>dlopen returns the same handle for the same file, so each instance loads a copy (deleted once mapped).</summary>
    private static nint LoadPrivateCopy(string path)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"camkes-glue-{Environment.ProcessId}-{Guid.NewGuid():N}.so");
        File.Copy(path, copy);
        try
        {
            return NativeLibrary.Load(copy);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
