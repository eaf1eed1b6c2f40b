using CamkesVm.Machine.Devices.Storage;
using CamkesVm.Machine.Boards;
using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Tests.Boards;

/// <summary>The generated passthrough snippet against the seed's own entries.</summary>
public class PassthroughSnippetTests
{
    [Fact]
    public void Ide_sata_and_ethernet_snippet_has_the_entries_of_the_seeds_passthrough_ethernet_section()
    {
        string snippet = PassthroughSnippet.Write(Cma34cr.Describe(SataMode.Ide), [Cma34cr.Sata, Cma34cr.Ethernet]);
        string seed = SeedPassthroughEntries.Ethernet;
        Assert.Equal(SeedPassthroughEntries.IoPorts(seed).Order(), SeedPassthroughEntries.IoPorts(snippet).Order());
        Assert.Equal(SeedPassthroughEntries.MemoryRegions(seed), SeedPassthroughEntries.MemoryRegions(snippet));
        Assert.Equal(SeedPassthroughEntries.Irqs(seed), SeedPassthroughEntries.Irqs(snippet));
        Assert.Contains("vm0_config.pci_devices_iospace = 1;", snippet);
        Assert.Contains("        \"bus\":5,\n        \"dev\":0,\n        \"fun\":0,\n        \"irq\":\"Ethernet5\",\n", snippet);
    }

    [Fact]
    public void Ahci_snippet_grants_the_abar_and_every_io_bar()
    {
        string snippet = PassthroughSnippet.Write(Cma34cr.Describe(SataMode.Ahci), [Cma34cr.Sata]);
        string seed = SeedPassthroughEntries.Ahci;
        Assert.Equal(SeedPassthroughEntries.MemoryRegions(seed), SeedPassthroughEntries.MemoryRegions(snippet));
        // The seed's four ranges plus BAR3 (0x4090-0x4094), which the seed leaves out.
        Assert.Subset(SeedPassthroughEntries.IoPorts(snippet).ToHashSet(), SeedPassthroughEntries.IoPorts(seed).ToHashSet());
        Assert.Contains((0x4090, 0x4094, 0x1f, "SATA"), SeedPassthroughEntries.IoPorts(snippet));
        Assert.Equal(SeedPassthroughEntries.Irqs(seed), SeedPassthroughEntries.Irqs(snippet));
    }

    [Fact]
    public void Later_keys_spelling()
    {
        string snippet = PassthroughSnippet.Write(Cma34cr.Describe(), [Cma34cr.Ethernet], laterKeys: true);
        Assert.Contains("vm0.vm_ioports = [\n", snippet);
        Assert.Contains("vm0.pci_devices = [\n", snippet);
        Assert.Contains("vm0.vm_irqs = [\n", snippet);
    }

    [Fact]
    public void Bridges_and_unknown_addresses_are_refused()
    {
        Assert.Contains("bridge", Assert.Throws<ArgumentException>(() => PassthroughSnippet.Write(Cma34cr.Describe(), [new PciAddress(0, 0x1c, 4)])).Message);
        Assert.Contains("no device at 07:00.0", Assert.Throws<ArgumentException>(() => PassthroughSnippet.Write(Cma34cr.Describe(), [new PciAddress(7, 0, 0)])).Message);
    }
}
