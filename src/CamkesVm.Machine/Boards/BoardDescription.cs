using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// A board as data: its name and its PCI functions in bus/device/function order. What lspci lists and what
/// the passthrough check validates against; <see cref="Board.Build"/> turns it into device models.
/// </summary>
public sealed class BoardDescription
{
    /// <summary>Creates the description; addresses must be unique.</summary>
    public BoardDescription(string name, string summary, IEnumerable<BoardDevice> devices)
    {
        Name = name;
        Summary = summary;
        Devices = [.. devices.OrderBy(d => d.Address.Bus).ThenBy(d => d.Address.Device).ThenBy(d => d.Address.Function)];
        foreach (var twice in Devices.GroupBy(d => d.Address).Where(g => g.Count() > 1))
            throw new ArgumentException($"board {name}: two devices at {twice.Key}");
    }

    /// <summary>The platform name, e.g. <c>cma34cr</c>.</summary>
    public string Name { get; }

    /// <summary>One line saying what the board is.</summary>
    public string Summary { get; }

    /// <summary>The PCI functions.</summary>
    public IReadOnlyList<BoardDevice> Devices { get; }

    /// <summary>The device at <paramref name="address"/>, or null.</summary>
    public BoardDevice? Find(PciAddress address) => Devices.FirstOrDefault(d => d.Address == address);
}
