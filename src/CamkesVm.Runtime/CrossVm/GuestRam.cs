using CamkesVm.Machine;

namespace CamkesVm.Runtime.CrossVm;

/// <summary>Checks of guest-physical ranges named by a guest in a hypercall.</summary>
internal static class GuestRam
{
    public const uint PageSize = 4096;

    /// <summary><see cref="CrossVmStatus.Ok"/>, or why [<paramref name="address"/>, +<paramref name="bytes"/>) cannot be remapped.</summary>
    public static int CheckPages(PcMachine machine, uint address, long bytes)
    {
        if (address % PageSize != 0) return CrossVmStatus.Invalid;
        return (ulong)address + (ulong)bytes <= machine.Memory.RamSize ? CrossVmStatus.Ok : CrossVmStatus.NotRam;
    }

    public static bool Overlaps(uint a, long aBytes, uint b, long bBytes) => a < b + bBytes && b < a + aBytes;
}
