namespace CamkesVm.Machine.Pci;

/// <summary>A PCI function's geographical address: bus 0-255, device 0-31, function 0-7.</summary>
public readonly record struct PciAddress(int Bus, int Device, int Function)
{
    /// <summary>Throws when a part is out of range (a board-building error, never a guest one).</summary>
    public PciAddress Validate()
    {
        if ((uint)Bus > 255 || (uint)Device > 31 || (uint)Function > 7)
            throw new ArgumentOutOfRangeException(nameof(Device),
                $"PCI address {Bus}:{Device}.{Function} is out of range (bus 0-255, device 0-31, function 0-7)");
        return this;
    }

    /// <summary>The lspci notation, e.g. 00:1f.2.</summary>
    public override string ToString() => $"{Bus:x2}:{Device:x2}.{Function}";
}
