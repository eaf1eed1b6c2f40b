using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Vm;

/// <summary>The guests of a spec with the diagnostics found while compiling the spec and reading them.</summary>
public sealed class GuestConfigurationSet
{
    internal GuestConfigurationSet(ResolvedAssembly? assembly, IReadOnlyList<GuestConfiguration> guests, IReadOnlyList<Diagnostic> diagnostics)
    {
        Assembly = assembly;
        Guests = guests;
        Diagnostics = diagnostics;
    }

    /// <summary>The resolved assembly, or null when the spec did not compile.</summary>
    public ResolvedAssembly? Assembly { get; }

    /// <summary>The guests that were read without errors, ordered by index.</summary>
    public IReadOnlyList<GuestConfiguration> Guests { get; }

    /// <summary>Compiler diagnostics followed by those of reading the guest configuration.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when there are no errors (and so every guest of the spec is in <see cref="Guests"/>).</summary>
    public bool Succeeded => Diagnostics.All(d => !d.IsError);

    /// <summary>Guest N, or null.</summary>
    public GuestConfiguration? Find(int index) => Guests.FirstOrDefault(g => g.Index == index);
}
