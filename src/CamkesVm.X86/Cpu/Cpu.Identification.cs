namespace CamkesVm.X86.Cpu;

/// <summary>
/// CPUID, time-stamp and performance counters, and model-specific registers (Intel SDM Vol. 2 "CPUID",
/// "RDTSC", "RDPMC", "RDMSR"; Vol. 4 for MSR numbers). CPUID reports exactly what this processor
/// implements: FPU, DE, PSE, TSC, MSR, CX8, PGE, CMOV — no PAE, APIC bit only when a local APIC exists.
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>CPUID leaf 1 EDX feature bits reported to the guest.</summary>
    public const uint FeatureEdx =
        (1u << 0) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 13) | (1u << 15);

    /// <summary>Set by a machine with a local APIC at 0xFEE00000 (adds CPUID.1:EDX.APIC).</summary>
    public bool HasLocalApic { get; set; }

    /// <summary>
    /// The platform's time in nanoseconds. When set, the TSC counts <see cref="TscHz"/> per second of it, so it
    /// agrees with the machine's timers (also across time a halted CPU skips); when null it follows the instruction count.
    /// </summary>
    public Func<long>? TimeNs { get; set; }

    /// <summary>Time-stamp counter rate in Hz (without <see cref="TimeNs"/>: TSC = instructions × this / <see cref="InstructionsPerSecond"/>).</summary>
    public long TscHz { get; set; } = 1_000_000_000;

    /// <summary>Nominal instructions per second of virtual time (used to derive the TSC from the instruction count).</summary>
    public long InstructionsPerSecond { get; set; } = 1_000_000_000;

    private long _tscOffset;
    private ulong _apicBase = 0xFEE0_0900;
    private uint _sysenterCs, _sysenterEsp, _sysenterEip;

    private void ResetMsrs()
    {
        _tscOffset = -RawTsc;
        _apicBase = 0xFEE0_0900;
    }

    /// <summary>The time-stamp counter as the guest reads it.</summary>
    public ulong Tsc => (ulong)(RawTsc + _tscOffset);

    private long RawTsc => TimeNs is { } now
        ? (long)((Int128)now() * TscHz / 1_000_000_000)
        : InstructionCount * Math.Max(1, TscHz / InstructionsPerSecond);

    private void Cpuid()
    {
        uint leaf = _r[0];
        switch (leaf)
        {
            case 0:
                _r[0] = 1;
                _r[3] = 0x756E_6547; // "Genu"
                _r[2] = 0x4965_6E69; // "ineI"
                _r[1] = 0x6C65_746E; // "ntel"
                return;
            case 1:
                _r[0] = 0x0000_0633;  // family 6, model 3 (Pentium II), stepping 3
                _r[3] = 0;
                _r[1] = 0;
                _r[2] = FeatureEdx | (HasLocalApic ? 1u << 9 : 0);
                return;
            default:
                _r[0] = _r[1] = _r[2] = _r[3] = 0;
                return;
        }
    }

    private void Rdtsc()
    {
        if ((_cr4 & CrBits.TSD) != 0 && _cpl != 0 && ProtectedMode) Fault(Vector.GP, 0);
        ulong t = Tsc;
        _r[0] = (uint)t;
        _r[2] = (uint)(t >> 32);
    }

    /// <summary>RDPMC: counters 0 and 1 exist and read as zero (no events are counted).</summary>
    private void Rdpmc()
    {
        if ((_cr4 & CrBits.PCE) == 0 && _cpl != 0 && ProtectedMode) Fault(Vector.GP, 0);
        if (_r[1] > 1) Fault(Vector.GP, 0);
        _r[0] = 0;
        _r[2] = 0;
    }

    private void Rdmsr()
    {
        RequireCpl0();
        ulong v = _r[1] switch
        {
            0x10 => Tsc,                      // IA32_TIME_STAMP_COUNTER
            0x1B => _apicBase,                // IA32_APIC_BASE
            0x174 => _sysenterCs,
            0x175 => _sysenterEsp,
            0x176 => _sysenterEip,
            0x8B => 0,                        // IA32_BIOS_SIGN_ID (microcode revision)
            0x17 => 0,                        // IA32_PLATFORM_ID
            0xFE => 0,                        // IA32_MTRRCAP: no MTRRs
            0x2FF => 0,                       // IA32_MTRR_DEF_TYPE
            0x179 or 0x17A or 0x17B => 0,     // machine-check capabilities/status/control
            _ => UnknownMsr(_r[1], write: false),
        };
        _r[0] = (uint)v;
        _r[2] = (uint)(v >> 32);
    }

    private void Wrmsr()
    {
        RequireCpl0();
        ulong v = ((ulong)_r[2] << 32) | _r[0];
        switch (_r[1])
        {
            case 0x10: _tscOffset = (long)v - RawTsc; return;
            case 0x1B: _apicBase = v & 0xFFFF_F900; return;
            case 0x174: _sysenterCs = (uint)v; return;
            case 0x175: _sysenterEsp = (uint)v; return;
            case 0x176: _sysenterEip = (uint)v; return;
            case 0x8B: case 0x2FF: case 0x17A: case 0x17B: return;
            default: UnknownMsr(_r[1], write: true); return;
        }
    }

    private ulong UnknownMsr(uint msr, bool write)
    {
        Log?.Invoke($"cpu: {(write ? "WRMSR" : "RDMSR")} of unimplemented MSR 0x{msr:x}: #GP(0)");
        Fault(Vector.GP, 0);
        return 0;
    }
}
