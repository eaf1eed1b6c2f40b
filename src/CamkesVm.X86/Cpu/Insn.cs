using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// One decoded instruction: opcode, prefixes, ModRM fields with the memory operand's addressing
/// components, displacement and immediates. Effective addresses are computed at execution time from the
/// registers, so a decoded instruction can be cached and re-executed.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]   // a power of two: slot distances in the block loop are shifts
internal unsafe struct Insn
{
    public int Op;          // opcode: 0x00–0xFF, or 0x100 | second byte for 0F xx
    public byte Mod, Reg, Rm;
    public sbyte Base, Index;
    public byte Scale;
    public byte Seg;        // segment of the memory operand (default or override)
    public bool SegOverride;
    public bool O32, A32;   // operand and address size are 32 bits
    public byte Rep;        // 0, 0xF2 (REPNE) or 0xF3 (REP/REPE)
    public bool Lock;
    public byte Len;
    public uint Disp, Imm, Imm2;

    // Filled by the fast-path classifier (Cpu.FastPath.cs) for the common 32-bit forms; Fast = 0 otherwise.
    public byte Fast;       // FastOp kind
    public byte FA, FB;     // destination and source register, as the kind says
    public byte FOp;        // ALU operation or condition code
    public uint FImm;       // immediate or branch displacement, sign-extended

    // Filled when the instruction is put in a decoded block (Cpu.BlockCache.cs): its handler and offsets.
    public delegate*<Cpu, Insn*, bool> Run;   // executes it; false when EIP or the fetch page may have changed
    public uint Eip, Next;  // offsets (in CS) of this instruction and of the one after it

    public readonly bool IsReg
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Mod == 3;
    }

    /// <summary>Operand size in bytes for the "v" operand type (2 or 4).</summary>
    public readonly int OpSize
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => O32 ? 4 : 2;
    }
}
