namespace CamkesVm.Machine.Pci;

/// <summary>
/// A PCI bus segment: the functions at (device, function) on bus <see cref="Number"/>. Configuration reads of
/// absent functions, or of other bus numbers (there are no PCI-to-PCI bridges), return all ones — the master
/// abort a host bridge turns into 0xFFFFFFFF (PCI 3.0 §6.1: vendor ID 0xFFFF means no function).
/// </summary>
public sealed class PciBus
{
    private readonly PciFunction?[] _functions = new PciFunction?[32 * 8];

    /// <summary>Creates bus <paramref name="number"/> (0 for the root bus).</summary>
    public PciBus(int number = 0)
    {
        if ((uint)number > 255) throw new ArgumentOutOfRangeException(nameof(number), "a PCI bus number is 0-255");
        Number = number;
    }

    /// <summary>The bus number.</summary>
    public int Number { get; }

    /// <summary>The functions present, in device/function order.</summary>
    public IEnumerable<PciFunction> Functions => _functions.OfType<PciFunction>();

    /// <summary>Places <paramref name="function"/> at <paramref name="device"/>.<paramref name="fn"/>.</summary>
    public void Add(int device, int fn, PciFunction function)
    {
        var address = new PciAddress(Number, device, fn).Validate();
        ArgumentNullException.ThrowIfNull(function);
        if (function.Address != null) throw new InvalidOperationException($"{function.Name} is already at {function.Address}");
        if (_functions[Slot(device, fn)] is { } other)
            throw new InvalidOperationException($"PCI {address} is taken by {other.Name}; choose another device number");
        _functions[Slot(device, fn)] = function;
        function.Address = address;
        if (Find(device, 0) is { } first && Enumerable.Range(1, 7).Any(f => Find(device, f) != null))
            first.MarkMultiFunction();
    }

    /// <summary>The function at device.fn, or null.</summary>
    public PciFunction? Find(int device, int fn) =>
        (uint)device < 32 && (uint)fn < 8 ? _functions[Slot(device, fn)] : null;

    /// <summary>A configuration read; all ones where no function answers.</summary>
    public uint ReadConfig(int bus, int device, int fn, int offset, int size) =>
        bus == Number && Find(device, fn) is { } f ? f.ReadConfig(offset, size) : Bus.BusValues.Open(size);

    /// <summary>A configuration write; ignored where no function answers.</summary>
    public void WriteConfig(int bus, int device, int fn, int offset, uint value, int size)
    {
        if (bus == Number && Find(device, fn) is { } f) f.WriteConfig(offset, value, size);
    }

    private static int Slot(int device, int fn) => device * 8 + fn;
}
