using CamkesVm.Adl.Model;
using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Vm;

namespace CamkesVm.Runtime;

/// <summary>What <see cref="AssemblyRuntime"/> instantiates and how it talks to the host.</summary>
public sealed record RuntimeOptions
{
    /// <summary>The compiled spec.</summary>
    public required ResolvedAssembly Assembly { get; init; }

    /// <summary>Its guests (<see cref="GuestConfigurationReader"/>); every one becomes a VM.</summary>
    public IReadOnlyList<GuestConfiguration> Guests { get; init; } = [];

    /// <summary>Native component implementations, asked in order for each non-VM instance's type.</summary>
    public IReadOnlyList<IComponentProvider> Providers { get; init; } = [];

    /// <summary>App code run on every VM before it boots (hypercall handlers).</summary>
    public IReadOnlyList<IVmExtension> Extensions { get; init; } = [];

    /// <summary>The images each guest boots; <see cref="GuestImage.FromAppDirectory"/> gives the app-folder lookup.</summary>
    public Func<GuestConfiguration, GuestImage> Images { get; init; } = g =>
        throw new InvalidOperationException($"{g.InstanceName}: no guest image resolver was given (RuntimeOptions.Images)");

    /// <summary>Machine options per guest; default: the guest's RAM, log lines prefixed with the instance name.</summary>
    public Func<GuestConfiguration, MachineOptions>? MachineOptions { get; init; }

    /// <summary>Called for each machine right after it is built (serial output, traces); keep the machine to send it input.</summary>
    public Action<GuestConfiguration, PcMachine>? ConfigureMachine { get; init; }

    /// <summary>Standard output of native components and VM extensions.</summary>
    public TextWriter ComponentOut { get; init; } = TextWriter.Synchronized(Console.Out);

    /// <summary>Runtime diagnostics (refused cross-VM requests, failing components, stragglers at shutdown).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>How long shutdown waits for each thread.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Component types the VMM itself stands for (VM_COMPOSITION_DEF's services: the emulated machine does their
    /// work), so no provider is needed for them.
    /// </summary>
    public IReadOnlySet<string> VmmServices { get; init; } = DefaultVmmServices;

    /// <summary>FileServer, SerialServer, PCIConfigIO, TimeServer, RTC, VMConfig, HWPCIConfig.</summary>
    public static readonly IReadOnlySet<string> DefaultVmmServices =
        new HashSet<string>(StringComparer.Ordinal) { "FileServer", "SerialServer", "PCIConfigIO", "TimeServer", "RTC", "VMConfig", "HWPCIConfig" };
}
