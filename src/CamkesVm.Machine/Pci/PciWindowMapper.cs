using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Pci;

/// <summary>
/// Keeps the port and MMIO buses in step with the BARs the guest programs: when a BAR window appears,
/// moves or disappears, its <see cref="PciBar.Handler"/> is mapped, remapped or unmapped. A window that
/// would overlap another device is left unmapped and reported (a guest mistake must not stop the host).
/// </summary>
public sealed class PciWindowMapper
{
    private readonly PortBus _ports;
    private readonly MmioBus _mmio;
    private readonly Action<string> _log;
    private readonly Dictionary<PciBar, uint> _mapped = [];
    private readonly Dictionary<PciBar, IBusDevice> _windows = [];

    /// <summary>Creates the mapper; <paramref name="log"/> receives refused mappings.</summary>
    public PciWindowMapper(PortBus ports, MmioBus mmio, Action<string>? log = null)
    {
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        _mmio = mmio ?? throw new ArgumentNullException(nameof(mmio));
        _log = log ?? (_ => { });
    }

    /// <summary>Follows the BARs of every function on <paramref name="bus"/> (call after adding them).</summary>
    public void Attach(PciBus bus)
    {
        foreach (var f in bus.Functions) Attach(f);
    }

    /// <summary>Follows the BARs of <paramref name="function"/>.</summary>
    public void Attach(PciFunction function) => function.BarChanged += Apply;

    /// <summary>
    /// Follows the BARs of <paramref name="function"/>, mapping <paramref name="window"/>(bar) in place of each
    /// BAR's handler (e.g. a passthrough grant filter). Windows the function decodes already are mapped now.
    /// </summary>
    public void Attach(PciFunction function, Func<PciBar, IBusDevice> window)
    {
        foreach (var bar in function.Bars)
            if (bar != null) _windows[bar] = window(bar);
        function.BarChanged += Apply;
        foreach (var bar in function.Bars)
            if (bar?.DecodedBase is { } b) Apply(new PciBarChange(bar, null, b));
    }

    /// <summary>Where a BAR's handler is mapped now, or null.</summary>
    public uint? MappedBase(PciBar bar) => _mapped.TryGetValue(bar, out uint b) ? b : null;

    private void Apply(PciBarChange change)
    {
        var bar = change.Bar;
        if (_mapped.Remove(bar, out uint old)) Unmap(bar, old);
        if (change.NewBase is not { } target) return;
        try
        {
            var handler = _windows.GetValueOrDefault(bar, bar.Handler);
            if (bar.Kind == PciBarKind.Io) _ports.Map((ushort)target, (int)bar.Size, handler, bar.ToString());
            else _mmio.Map(target, bar.Size, handler, bar.ToString());
            _mapped[bar] = target;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            _log($"{bar} at 0x{target:x} not mapped: {e.Message}");
        }
    }

    private void Unmap(PciBar bar, uint start)
    {
        if (bar.Kind == PciBarKind.Io) _ports.Unmap((ushort)start, (int)bar.Size);
        else _mmio.Unmap(start);
    }
}
