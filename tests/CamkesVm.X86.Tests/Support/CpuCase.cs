using CamkesVm.X86.Cpu;

namespace CamkesVm.X86.Tests.Support;

/// <summary>
/// One instruction with its inputs: code bytes, EAX ECX EDX EBX EBP ESI EDI (in that order) and EFLAGS.
/// <see cref="FlagMask"/> selects the flags to compare (the SDM leaves the others undefined), and
/// <see cref="RegMask"/> the bits of each register to compare.
/// </summary>
public sealed record CpuCase(byte[] Code, uint[] Regs, uint Eflags, uint FlagMask)
{
    /// <summary>Register order of <see cref="Regs"/> (ESP is the stack and is never an operand).</summary>
    public static readonly Reg32[] Order = [Reg32.EAX, Reg32.ECX, Reg32.EDX, Reg32.EBX, Reg32.EBP, Reg32.ESI, Reg32.EDI];

    /// <summary>The encoding sent to the host when ours does not exist in 64-bit mode (e.g. 40+r INC), else null.</summary>
    public byte[]? HostCode { get; init; }

    /// <summary>Where the data window lives in both address spaces (the oracle maps it at the same address).</summary>
    public const uint DataBase = 0x30_0000;
    /// <summary>Size of the data window.</summary>
    public const int DataSize = 256;

    /// <summary>Initial contents of the data window (zeros by default).</summary>
    public byte[] Memory { get; init; } = new byte[DataSize];

    /// <summary>Bits of each register that must match (all by default).</summary>
    public uint[] RegMask { get; init; } = [~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u];

    public override string ToString() =>
        $"{Disassembly.Of(Code)} [{Convert.ToHexString(Code)}] in: {string.Join(' ', Regs.Select(r => r.ToString("X8")))} fl={Eflags:X}";
}

/// <summary>What an instruction did: final registers (same order as <see cref="CpuCase.Regs"/>) and EFLAGS, or an exception.</summary>
public sealed record CpuOutcome(uint[] Regs, uint Eflags, string? Exception, byte[] Memory)
{
    public static CpuOutcome FromException(string name) => new([], 0, name, []);

    /// <summary>Compares with <paramref name="other"/> under the case's masks; returns a description of the difference or null.</summary>
    public string? Difference(CpuOutcome other, CpuCase c)
    {
        if (Exception != null || other.Exception != null)
            return Exception == other.Exception ? null : $"exception {Exception ?? "none"} vs {other.Exception ?? "none"}";
        var diffs = new List<string>();
        for (int i = 0; i < Regs.Length; i++)
            if (((Regs[i] ^ other.Regs[i]) & c.RegMask[i]) != 0)
                diffs.Add($"{CpuCase.Order[i]}={Regs[i]:X8} vs {other.Regs[i]:X8}");
        for (int i = 0; i < Memory.Length; i++)
            if (Memory[i] != other.Memory[i])
            {
                diffs.Add($"memory[{i}]={Memory[i]:X2} vs {other.Memory[i]:X2}");
                break;
            }
        uint fm = c.FlagMask;
        if (((Eflags ^ other.Eflags) & fm) != 0)
            diffs.Add($"flags={FlagNames(Eflags & fm)} vs {FlagNames(other.Eflags & fm)}");
        return diffs.Count == 0 ? null : string.Join(", ", diffs);
    }

    private static string FlagNames(uint f)
    {
        var n = new List<string>();
        if ((f & Flags.CF) != 0) n.Add("CF");
        if ((f & Flags.PF) != 0) n.Add("PF");
        if ((f & Flags.AF) != 0) n.Add("AF");
        if ((f & Flags.ZF) != 0) n.Add("ZF");
        if ((f & Flags.SF) != 0) n.Add("SF");
        if ((f & Flags.OF) != 0) n.Add("OF");
        if ((f & Flags.DF) != 0) n.Add("DF");
        return n.Count == 0 ? "-" : string.Join('|', n);
    }
}
