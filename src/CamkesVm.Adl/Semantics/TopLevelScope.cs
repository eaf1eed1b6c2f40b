using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// The names visible to connection ends in one composition scope: the top level (shared by all
/// assemblies, in order) or one component's inner composition.
/// </summary>
internal sealed class TopLevelScope
{
    public Dictionary<string, BoundInstance> Instances { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, BoundInstance>> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Instances and groups share one namespace ("group/component" in camkes-tool).</summary>
    public Dictionary<string, SourceLocation> InstanceNames { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SourceLocation> ConnectionNames { get; } = new(StringComparer.Ordinal);
}
