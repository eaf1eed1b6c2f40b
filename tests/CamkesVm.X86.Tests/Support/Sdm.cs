using CamkesVm.X86.Cpu;

namespace CamkesVm.X86.Tests.Support;

/// <summary>Constants of the Intel SDM used by tests.</summary>
public static class Sdm
{
    /// <summary>The six status flags; the flags an instruction leaves undefined are masked per test.</summary>
    public const uint StatusFlags = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;
}
