using CamkesVm.Runtime.Components;

namespace Cma34crMinimal;

/// <summary>
/// The seed's poke handler ("Adding a kernel module"): the guest's /dev/poke makes hypercall 4
/// (<c>kvm_hypercall1(4, 0)</c>) and the VMM prints POKE!!! — the counterpart of
/// <c>reg_new_handler(&amp;vmm, poke_handler, 4)</c> in the original's Init main.c.
/// </summary>
public sealed class PokeHandler : IVmExtension
{
    public void Configure(IVmContext vm) => vm.RegisterHypercall(4, _ =>
    {
        vm.Out.WriteLine("POKE!!!");
        return 0;
    });
}
