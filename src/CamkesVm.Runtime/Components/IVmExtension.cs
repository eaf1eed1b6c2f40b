using CamkesVm.Machine.Hypercalls;

namespace CamkesVm.Runtime.Components;

/// <summary>
/// App code that customises a VM before it boots (the seed's VMM-side C, e.g.
/// <c>reg_new_handler(&amp;vmm, poke_handler, 4)</c>). The runtime calls <see cref="Configure"/> for every VM
/// instance of the assembly; the extension decides by <see cref="IVmContext.InstanceName"/> what to do.
/// </summary>
public interface IVmExtension
{
    /// <summary>Called once per VM, after the machine is built and before it boots.</summary>
    void Configure(IVmContext vm);
}

/// <summary>What app code may do to one VM.</summary>
public interface IVmContext
{
    /// <summary>The VM instance name, e.g. <c>vm0</c>.</summary>
    string InstanceName { get; }

    /// <summary>Registers <paramref name="handler"/> for hypercall <paramref name="token"/> (its result goes to the guest's EAX).</summary>
    void RegisterHypercall(uint token, Func<HypercallArgs, uint> handler);

    /// <summary>The host console, for handlers that print (e.g. <c>POKE!!!</c>).</summary>
    TextWriter Out { get; }
}
