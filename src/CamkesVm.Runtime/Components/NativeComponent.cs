namespace CamkesVm.Runtime.Components;

/// <summary>
/// Base of a native (host) component written in C#. The app writes a <c>partial</c> class derived from this with
/// <see cref="CamkesComponentAttribute"/>; the source generator adds typed properties for the spec's interfaces
/// (e.g. <c>DoPrint</c>, <c>Data</c>, <c>DonePrinting</c>) and overrides <see cref="Bind"/> to fill them.
/// The runtime calls, per instance and in CAmkES order: <see cref="Bind"/>, <see cref="PreInit"/> (all instances),
/// <see cref="PostInit"/> (all instances), then <see cref="Run"/> on the instance's own thread if the type is
/// <c>control</c>.
/// </summary>
public abstract class NativeComponent
{
    /// <summary>The instance's context, set before <see cref="Bind"/>.</summary>
    protected IComponentContext Context { get; private set; } = null!;

    /// <summary>Called by the runtime: stores the context and binds the generated glue.</summary>
    public void Attach(IComponentContext context)
    {
        Context = context;
        Bind(context);
    }

    /// <summary>Generated: looks up every interface of the component type once.</summary>
    protected virtual void Bind(IComponentContext context) { }

    /// <summary>CAmkES <c>pre_init()</c>.</summary>
    public virtual void PreInit() { }

    /// <summary>CAmkES <c>post_init()</c>.</summary>
    public virtual void PostInit() { }

    /// <summary>CAmkES <c>run()</c> of a control component; its return value is the instance's exit status.</summary>
    public virtual int Run() => 0;
}

/// <summary>Marks a class as the implementation of the ADL component type <see cref="TypeName"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CamkesComponentAttribute(string typeName) : Attribute
{
    /// <summary>The component type in the spec, e.g. <c>PrintServer</c>.</summary>
    public string TypeName { get; } = typeName;
}
