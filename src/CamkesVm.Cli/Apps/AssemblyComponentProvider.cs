using System.Reflection;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Cli.Apps;

/// <summary>Creates the <c>[CamkesComponent]</c> classes of an app assembly.</summary>
public sealed class AssemblyComponentProvider : IComponentProvider
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    /// <summary>Indexes the component classes of <paramref name="assembly"/> by component type name.</summary>
    public AssemblyComponentProvider(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<CamkesComponentAttribute>() is { } attribute && type.IsSubclassOf(typeof(NativeComponent)) && !type.IsAbstract)
            {
                _types[attribute.TypeName] = type;
            }
        }
    }

    /// <summary>The component types this provider implements.</summary>
    public IEnumerable<string> TypeNames => _types.Keys;

    /// <inheritdoc />
    public NativeComponent? Create(string typeName) =>
        _types.TryGetValue(typeName, out var type) ? (NativeComponent)Activator.CreateInstance(type)! : null;
}
