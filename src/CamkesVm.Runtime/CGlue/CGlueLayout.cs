using CamkesVm.Adl.Model;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// The C glue's view of a component type: the names of its connector ends by kind, in declaration order. The index
/// of a name in its list is the index the generated C passes to the callbacks (<see cref="GlueCallbacks"/>).
/// </summary>
public sealed class CGlueLayout
{
    /// <summary>
    /// Builds the layout; <paramref name="procedures"/> (the compilation's) give the signatures of <c>uses</c>/<c>provides</c>
    /// interfaces. Throws <see cref="AppCodeException"/> for what C components cannot pass.
    /// </summary>
    public CGlueLayout(ComponentType type, IReadOnlyList<ProcedureType>? procedures = null)
    {
        TypeName = type.Name;
        Control = type.Control;
        foreach (var item in type.Interfaces)
        {
            switch (item.Kind)
            {
                case InterfaceKind.Emits: Emits.Add(item.Name); break;
                case InterfaceKind.Consumes: Consumes.Add(item.Name); break;
                case InterfaceKind.Dataport: Dataports.Add((item.Name, item.TypeName, item.DataportSize ?? 4096)); break;
                case InterfaceKind.Uses: Uses.Add(CProcedureInterface.Of(type, item, procedures ?? [])); break;
                case InterfaceKind.Provides: Provides.Add(CProcedureInterface.Of(type, item, procedures ?? [])); break;
            }
        }
        foreach (var (name, kind, _) in type.Synchronisation)
        {
            (kind == "mutex" ? Mutexes : Semaphores).Add(name);
        }
    }

    /// <summary>The component type.</summary>
    public string TypeName { get; }

    /// <summary>True for a <c>control</c> component (it has <c>run()</c>).</summary>
    public bool Control { get; }

    /// <summary><c>emits</c> names.</summary>
    public List<string> Emits { get; } = [];

    /// <summary><c>consumes</c> names.</summary>
    public List<string> Consumes { get; } = [];

    /// <summary>Dataports: name, ADL type (<c>Buf</c>, <c>Buf(4096)</c>) and size.</summary>
    public List<(string Name, string Type, long Size)> Dataports { get; } = [];

    /// <summary><c>uses</c> interfaces (the C code calls their functions).</summary>
    public List<CProcedureInterface> Uses { get; } = [];

    /// <summary><c>provides</c> interfaces (the C code defines their functions).</summary>
    public List<CProcedureInterface> Provides { get; } = [];

    /// <summary>The index of the first method of <see cref="Provides"/>[<paramref name="index"/>] in the glue's flat table of served methods.</summary>
    public int ServedBase(int index) => Provides.Take(index).Sum(p => p.Methods.Count);

    /// <summary><c>has mutex</c> names.</summary>
    public List<string> Mutexes { get; } = [];

    /// <summary><c>has semaphore</c> and <c>has binary_semaphore</c> names.</summary>
    public List<string> Semaphores { get; } = [];
}
