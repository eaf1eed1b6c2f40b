using CamkesVm.Adl.Model;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// The C glue's view of a component type: the names of its connector ends by kind, in declaration order. The index
/// of a name in its list is the index the generated C passes to the callbacks (<see cref="GlueCallbacks"/>).
/// </summary>
public sealed class CGlueLayout
{
    /// <summary>Builds the layout; throws <see cref="AppCodeException"/> for what C components cannot have yet.</summary>
    public CGlueLayout(ComponentType type)
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
                default:
                    throw new AppCodeException($"component type {type.Name} ({type.Location}): interface '{item.Name}' is a " +
                        $"{item.Kind.ToString().ToLowerInvariant()} procedure; C components support events, dataports, mutexes and " +
                        "semaphores (write this component in C# to use procedures)");
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

    /// <summary><c>has mutex</c> names.</summary>
    public List<string> Mutexes { get; } = [];

    /// <summary><c>has semaphore</c> and <c>has binary_semaphore</c> names.</summary>
    public List<string> Semaphores { get; } = [];
}
