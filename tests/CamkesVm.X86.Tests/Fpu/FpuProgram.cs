using CamkesVm.X86.Fpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// Builds x87 test programs that run unchanged on the host (64-bit, through <see cref="HostOracle"/>) and on
/// our CPU: all memory operands are [EBX+disp] inside the oracle's data window, which both sides map at
/// <see cref="CpuCase.DataBase"/>. A program is FNINIT; FLDCW; FLD m80 of each stack input (the last becomes
/// ST(0)); the body; FNSAVE of the whole state to <see cref="SaveAt"/> (<see cref="FpuDifferential"/> ignores
/// the parts of a save image that legitimately differ between the machines). The window holds
/// the control word at 0, stack inputs at 0x10 + 16·k, free operand space at <see cref="OperandAt"/>.
/// </summary>
public static class FpuProgram
{
    public const int InputsAt = 0x10, OperandAt = 0x50, SaveAt = 0x80;

    /// <summary>Control word with all exceptions masked, nearest rounding and double precision.</summary>
    public const ushort DoublePrecision = 0x027F;
    /// <summary>The FNINIT control word: masked, nearest, extended precision.</summary>
    public const ushort Extended = 0x037F;

    public static AssemblerMemoryOperand Operand(int offset = 0) => __[ebx + OperandAt + offset];

    /// <summary>One case: <paramref name="stack"/> pushed bottom first, <paramref name="operand"/> bytes at <see cref="OperandAt"/>.</summary>
    public static CpuCase Case(ushort controlWord, Float80[] stack, Action<Assembler> body, byte[]? operand = null, uint eflags = 0, uint flagMask = 0)
    {
        if (stack.Length > 4) throw new ArgumentException("at most 4 stack inputs fit the data window", nameof(stack));
        var a = new Assembler(32);
        a.fninit();
        a.fldcw(__word_ptr[ebx]);
        for (int k = 0; k < stack.Length; k++) a.fld(__tword_ptr[ebx + InputsAt + 16 * k]);
        body(a);
        a.fnsave(__[ebx + SaveAt]);
        var mem = new byte[CpuCase.DataSize];
        BitConverter.TryWriteBytes(mem.AsSpan(0), controlWord);
        for (int k = 0; k < stack.Length; k++)
        {
            BitConverter.TryWriteBytes(mem.AsSpan(InputsAt + 16 * k), stack[k].Significand);
            BitConverter.TryWriteBytes(mem.AsSpan(InputsAt + 16 * k + 8), stack[k].SignExponent);
        }
        operand?.CopyTo(mem, OperandAt);
        uint[] regs = [0, 0, 0, CpuCase.DataBase, 0, 0, 0];
        return new CpuCase(Assemble(a), regs, eflags, flagMask) { Memory = mem };
    }

    public static byte[] Assemble(Assembler a)
    {
        var writer = new Writer();
        a.Assemble(writer, 0);
        return writer.ToArray();
    }

    /// <summary>Extended value of a double (exact).</summary>
    public static Float80 X(double d)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(d);
        bool sign = (bits >> 63) != 0;
        int exp = (int)(bits >> 52) & 0x7FF;
        ulong frac = bits & ((1UL << 52) - 1);
        ushort s = (ushort)(sign ? 0x8000 : 0);
        if (exp == 0x7FF) return new Float80((1UL << 63) | (frac << 11), (ushort)(s | 0x7FFF));
        if (exp == 0)
        {
            if (frac == 0) return new Float80(0, s);
            int lz = System.Numerics.BitOperations.LeadingZeroCount(frac);
            return new Float80(frac << lz, (ushort)(s | (16383 + 63 - lz - 1074)));
        }
        return new Float80((1UL << 63) | (frac << 11), (ushort)(s | (exp - 1023 + 16383)));
    }

    public static byte[] Bytes(double d) => BitConverter.GetBytes(d);

    public static byte[] Bytes(float f) => BitConverter.GetBytes(f);

    /// <summary>The FNSAVE image's register area as values ST(0)..ST(7) from an outcome's data window.</summary>
    public static Float80 SavedRegister(byte[] window, int i) =>
        new(BitConverter.ToUInt64(window, SaveAt + 28 + 10 * i), BitConverter.ToUInt16(window, SaveAt + 36 + 10 * i));

    public static ushort SavedStatus(byte[] window) => BitConverter.ToUInt16(window, SaveAt + 4);

    public static ushort SavedTags(byte[] window) => BitConverter.ToUInt16(window, SaveAt + 8);

    private sealed class Writer : CodeWriter
    {
        private readonly List<byte> _bytes = [];
        public override void WriteByte(byte value) => _bytes.Add(value);
        public byte[] ToArray() => [.. _bytes];
    }
}
