using CamkesVm.Machine.Time;

namespace CamkesVm.Machine;

/// <summary>Configuration of a <see cref="PcMachine"/>.</summary>
public sealed record MachineOptions
{
    /// <summary>Guest RAM in MiB.</summary>
    public int MemoryMb { get; init; } = 128;

    /// <summary>Virtual (deterministic, the default) or wall-clock time.</summary>
    public TimeMode TimeMode { get; init; } = TimeMode.Virtual;

    /// <summary>The date and time the RTC shows at power-on (virtual time: fixed, so runs repeat exactly).</summary>
    public DateTime RtcStart { get; init; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Stop after this many instructions (0: no limit); for tests and benchmarks.</summary>
    public long InstructionLimit { get; init; }

    /// <summary>Diagnostics (unclaimed I/O, unknown hypercalls, loader notes); null: discarded.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Checks the values a user can get wrong.</summary>
    public void Validate()
    {
        if (MemoryMb < 4 || MemoryMb > 3072)
            throw new ArgumentException($"guest memory of {MemoryMb} MiB is outside 4..3072 MiB (a 32-bit guest without PAE, below the PCI hole)");
    }
}
