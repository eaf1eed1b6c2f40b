namespace CamkesVm.X86.Cpu;

/// <summary>
/// Thrown inside the CPU to unwind an instruction that raised a guest exception; the details are in the
/// CPU's pending-fault fields. One preallocated instance: raising a guest fault allocates nothing. It never
/// escapes <see cref="Cpu.Run"/>.
/// </summary>
internal sealed class CpuFault : Exception
{
    public static readonly CpuFault Instance = new();

    private CpuFault() : base("guest CPU exception (internal control flow)") { }
}
