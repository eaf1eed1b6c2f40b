namespace CamkesVm.Machine.Boot;

/// <summary>
/// The processor state a loader hands over: 32-bit protected mode with paging off, flat segments from the
/// boot GDT (<see cref="FlatProtectedMode"/>), interrupts off, and these registers.
/// </summary>
public readonly record struct BootEntry(uint Eip, uint Eax = 0, uint Ebx = 0, uint Esi = 0, uint Esp = 0)
{
    /// <summary>What the loader put where, for the boot log (one line per item).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
