using CamkesVm.Machine.Pci;
using static CamkesVm.Machine.Pci.PciConfigRegisters;

namespace CamkesVm.Machine.Boards;

/// <summary>
/// A built board: one <see cref="PciFunction"/> per described device, set up as the board's firmware leaves
/// it (BARs at their assigned bases, I/O and memory decoding and bus mastering on, Interrupt Line = the I/O
/// APIC pin), and one <see cref="BoardIrqPin"/> per interrupt input used. Device models are plugged in
/// through the factory given to <see cref="Build"/>; a device without a model is a <see cref="BoardFunction"/>.
/// </summary>
public sealed class Board
{
    private readonly Dictionary<PciAddress, PciFunction> _functions = [];
    private readonly Dictionary<int, BoardIrqPin> _pins = [];

    private Board(BoardDescription description) => Description = description;

    /// <summary>What the board is.</summary>
    public BoardDescription Description { get; }

    /// <summary>
    /// Builds <paramref name="description"/>. <paramref name="models"/> returns the device model for a board
    /// device (e.g. an AHCI controller for 00:1f.2), or null to use a plain <see cref="BoardFunction"/>. A model
    /// must declare every BAR of the description with the same kind and size.
    /// </summary>
    public static Board Build(BoardDescription description, Func<BoardDevice, PciFunction?>? models = null)
    {
        var board = new Board(description);
        foreach (var device in description.Devices)
        {
            var function = models?.Invoke(device) ?? new BoardFunction(device);
            board.Install(device, function);
        }
        foreach (var slot in description.Devices.GroupBy(d => (d.Address.Bus, d.Address.Device)).Where(g => g.Count() > 1))
            board._functions[slot.First().Address].MarkMultiFunction(); // header type bit 7 on function 0 (PCI 3.0 §6.2.1)
        return board;
    }

    /// <summary>The function at <paramref name="address"/> (its board address), or null.</summary>
    public PciFunction? Function(PciAddress address) => _functions.GetValueOrDefault(address);

    /// <summary>The I/O APIC input <paramref name="pin"/>, created on first use with PCI signalling unless a device set it.</summary>
    public BoardIrqPin Pin(int pin)
    {
        if (!_pins.TryGetValue(pin, out var p)) _pins[pin] = p = new BoardIrqPin(pin, new BoardIrq(pin));
        return p;
    }

    private void Install(BoardDevice device, PciFunction function)
    {
        foreach (var bar in device.Bars)
        {
            var modelBar = function.Bars[bar.Index];
            if (modelBar == null || modelBar.Kind != bar.Kind || modelBar.Size != bar.Size)
                throw new InvalidOperationException(
                    $"board {Description.Name}: the model {function.Name} for {device.Address} must declare BAR{bar.Index} as "
                    + $"{bar.Kind} of 0x{bar.Size:x} bytes (the board assigns it 0x{bar.Base:x}), but it declares {modelBar?.ToString() ?? "nothing"}");
            function.WriteConfig(Bar0 + 4 * bar.Index, bar.Base, 4);
        }
        if (device.Irq is { } irq)
        {
            if (!_pins.TryGetValue(irq.Pin, out var pin)) _pins[irq.Pin] = pin = new BoardIrqPin(irq.Pin, irq);
            function.IntxLine = pin.Connect();
            function.WriteConfig(InterruptLine, (uint)irq.Pin, 1);
        }
        function.WriteConfig(Command, CommandIoSpace | CommandMemorySpace | CommandBusMaster, 2);
        _functions[device.Address] = function;
    }
}
