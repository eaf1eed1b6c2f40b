using System.Text.RegularExpressions;
using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Settings that code generators and runtimes read without an attribute declaration (reference §5.2 of
/// the ADL notes and the VM notes §5.2): these never get the "undeclared attribute" warning.
/// </summary>
internal static partial class TemplateSettings
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "priority", "_priority", "max_priority", "_max_priority", "period", "_period", "budget", "_budget", "data", "_data",
        "affinity", "_affinity", "_stack_size", "_domain", "heap_size", "dma_pool", "dma_pool_cached", "dma_pool_paddr",
        "cnode_size_bits", "tcb_pool", "tcb_pool_domains", "ep_pool", "notification_pool", "simple", "asid_pool",
        "environment", "allowed_smc_functions", "dtb", "dtb_irqs", "untyped_mmios", "simple_extra_bootinfo", "sched_ctrl",
        "mmio", "plat_keep_devices", "global_endpoint_mask", "global_endpoint_base", "vm_ioports", "vm_irqs",
        "pci_devices", "pci_devices_iospace", "ram", "exclude_paddr", "guest_mappings", "init_cons", "size", "buffer",
    };

    [GeneratedRegex(@"^(simple_)?untyped\d+_pool$")]
    private static partial Regex UntypedPool();

    /// <summary>True when <paramref name="attribute"/> is read by templates for instances of <paramref name="component"/>.</summary>
    public static bool IsKnown(ComponentType component, string attribute) =>
        Known.Contains(attribute)
        || UntypedPool().IsMatch(attribute)
        || component.Interfaces.Any(i => attribute.StartsWith(i.Name + "_", StringComparison.Ordinal))
        || component.Synchronisation.Any(s => attribute == s.Name + "_value");
}
