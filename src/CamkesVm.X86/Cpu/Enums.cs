namespace CamkesVm.X86.Cpu;

/// <summary>Why <see cref="Cpu.Run"/> returned.</summary>
public enum ExitReason
{
    /// <summary>The instruction budget ran out (a time slice ended).</summary>
    BudgetExhausted,
    /// <summary>HLT executed; the CPU waits for an interrupt (see <see cref="Cpu.InterruptsEnabled"/>).</summary>
    Halted,
    /// <summary>VMCALL/VMMCALL executed; EIP is past it. The token is in EAX (see DESIGN.md, Hypercalls).</summary>
    Hypercall,
    /// <summary>A triple fault (or a shutdown condition): the processor stopped. See <see cref="Cpu.ShutdownReason"/>.</summary>
    Shutdown,
    /// <summary>The host asked the CPU to stop (<see cref="Cpu.RequestExit"/>), e.g. a device wants service.</summary>
    ExitRequested,
    /// <summary>A single step completed (<see cref="Cpu.Step"/>).</summary>
    Stepped,
}

/// <summary>Segment register numbers, in the encoding order of the ModRM reg field (Intel SDM Vol. 2, Table 3-?).</summary>
public enum SegReg
{
    /// <summary>ES</summary>
    ES = 0,
    /// <summary>CS</summary>
    CS = 1,
    /// <summary>SS</summary>
    SS = 2,
    /// <summary>DS</summary>
    DS = 3,
    /// <summary>FS</summary>
    FS = 4,
    /// <summary>GS</summary>
    GS = 5,
}

/// <summary>General-purpose register numbers in ModRM encoding order.</summary>
public enum Reg32
{
    /// <summary>EAX</summary>
    EAX, /// <summary>ECX</summary>
    ECX, /// <summary>EDX</summary>
    EDX, /// <summary>EBX</summary>
    EBX, /// <summary>ESP</summary>
    ESP, /// <summary>EBP</summary>
    EBP, /// <summary>ESI</summary>
    ESI, /// <summary>EDI</summary>
    EDI,
}

/// <summary>Exception vectors (Intel SDM Vol. 3A, 6.3.1, Table 6-1).</summary>
public static class Vector
{
#pragma warning disable CS1591 // names are the SDM mnemonics
    public const byte DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8,
        TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17, MC = 18;
#pragma warning restore CS1591
}

/// <summary>EFLAGS bits (Intel SDM Vol. 1, 3.4.3).</summary>
public static class Flags
{
#pragma warning disable CS1591 // names are the SDM mnemonics
    public const uint CF = 1 << 0, Reserved1 = 1 << 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7,
        TF = 1 << 8, IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, IOPL = 3 << 12, NT = 1 << 14, RF = 1 << 16,
        VM = 1 << 17, AC = 1 << 18, VIF = 1 << 19, VIP = 1 << 20, ID = 1 << 21;
    /// <summary>The six arithmetic status flags.</summary>
    public const uint Arith = CF | PF | AF | ZF | SF | OF;
#pragma warning restore CS1591
}

/// <summary>Control-register bits (Intel SDM Vol. 3A, 2.5).</summary>
public static class CrBits
{
#pragma warning disable CS1591 // names are the SDM mnemonics
    public const uint PE = 1, MP = 2, EM = 4, TS = 8, ET = 16, NE = 32, WP = 1 << 16, AM = 1 << 18,
        NW = 1 << 29, CD = 1 << 30, PG = 1u << 31;
    public const uint VME = 1, PVI = 2, TSD = 4, DE = 8, PSE = 16, PAE = 32, MCE = 64, PGE = 128, PCE = 256,
        OSFXSR = 512, OSXMMEXCPT = 1024;
#pragma warning restore CS1591
}
