namespace CamkesVm.Runtime.Components;

/// <summary>
/// Supplies the implementation of native component types for an app: C# classes marked with
/// <see cref="CamkesComponentAttribute"/> in the app's assembly, or C sources compiled against a generated
/// <c>camkes.h</c>. The runtime asks every provider of the app, in order, for each non-VM instance.
/// </summary>
public interface IComponentProvider
{
    /// <summary>A new instance of <paramref name="typeName"/>, or null if this provider does not implement it.</summary>
    NativeComponent? Create(string typeName);
}
