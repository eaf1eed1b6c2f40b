using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CGlue;

/// <summary>Creates <see cref="CComponent"/>s for the component types whose C libraries <see cref="CGlueBuilder"/> built.</summary>
public sealed class CComponentProvider(IReadOnlyDictionary<string, (CGlueLayout Layout, string Library)> libraries) : IComponentProvider
{
    /// <summary>The component types this provider implements.</summary>
    public IEnumerable<string> TypeNames => libraries.Keys;

    /// <inheritdoc />
    public NativeComponent? Create(string typeName) =>
        libraries.TryGetValue(typeName, out var entry) ? new CComponent(entry.Layout, entry.Library) : null;
}
