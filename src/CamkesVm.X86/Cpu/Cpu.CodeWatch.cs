namespace CamkesVm.X86.Cpu;

/// <summary>
/// Hooks for a decoded-instruction cache keyed by physical address: pages holding cached code are kept out
/// of the write TLB so every store to them is seen and invalidates the cache (self-modifying code).
/// No cache is attached yet: instructions are decoded from memory each time, so self-modifying code is
/// always seen.
/// </summary>
public sealed unsafe partial class Cpu
{
    private static bool IsCodePageWatched(uint phys) => false;

    private static void OnPhysicalWrite(uint phys) { }
}
