using CamkesVm.Machine;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Vm;

/// <summary><see cref="IVmContext"/> of one VM: hypercall registration goes to the machine's <see cref="HypercallTable"/>.</summary>
internal sealed class VmContext(string instanceName, PcMachine machine, TextWriter output) : IVmContext
{
    public string InstanceName => instanceName;

    public TextWriter Out => output;

    /// <summary>The machine, for app code inside this assembly's tests and tools.</summary>
    public PcMachine Machine => machine;

    public void RegisterHypercall(uint token, Func<HypercallArgs, uint> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        machine.Hypercalls.Register(token, handler);
    }
}
