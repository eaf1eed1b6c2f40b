using CamkesVm.X86.Cpu;
using Iced.Intel;

namespace CamkesVm.X86.Tests.Support;

/// <summary>Operand values for data-driven tests: the edges of each width plus seeded random values.</summary>
public static class Values
{
    /// <summary>Edge values of an operand of <paramref name="size"/> bytes (sign boundaries, all-ones, nibble carries).</summary>
    public static uint[] Edges(int size)
    {
        uint mask = Mask(size), sign = 1u << (size * 8 - 1);
        uint[] raw = [0, 1, 2, 0x0F, 0x10, 0x55555555, 0xAAAAAAAA, sign - 1, sign, sign + 1, mask - 1, mask, 0x12345678, 0x8000_0001, 0x7F, 0x80, 0xFF];
        return [.. raw.Select(v => v & mask).Distinct()];
    }

    /// <summary>Edges followed by <paramref name="randomCount"/> random values, all within the width.</summary>
    public static uint[] Mixed(int size, int randomCount, Random rng) =>
        [.. Edges(size), .. Enumerable.Range(0, randomCount).Select(_ => Random32(rng) & Mask(size))];

    public static uint Random32(Random rng) => (uint)rng.NextInt64(0, 1L << 32);

    public static uint Mask(int size) => size == 4 ? 0xFFFF_FFFFu : (1u << (size * 8)) - 1;

    /// <summary>A random mix of the six status flags (DF, TF, IF clear) for the input EFLAGS.</summary>
    public static uint RandomStatusFlags(Random rng) => (uint)rng.Next() & Sdm.StatusFlags;

    /// <summary>Register names for operand size 1, 2 or 4 of EAX..EDI by index 0–3 (AL/AX/EAX ...).</summary>
    public static Register Gpr(int size, int index) => size switch
    {
        1 => Register.AL + index,
        2 => Register.AX + index,
        _ => Register.EAX + index,
    };

    /// <summary>The Iced code named "<paramref name="mnemonic"/>_<paramref name="form"/>" with {0} replaced by the width (8/16/32).</summary>
    public static Code CodeOf(string mnemonic, string form, int size) =>
        Enum.Parse<Code>($"{mnemonic}_{string.Format(System.Globalization.CultureInfo.InvariantCulture, form, size * 8)}");

    /// <summary>Puts <paramref name="value"/> into the low <paramref name="size"/> bytes of <paramref name="reg"/>, keeping random upper bits.</summary>
    public static uint Place(uint background, uint value, int size) => (background & ~Mask(size)) | (value & Mask(size));

    /// <summary>All status flags except those listed.</summary>
    public static uint AllBut(uint undefined) => Sdm.StatusFlags & ~undefined;

    /// <summary>Registers seeded with random junk, so that writes of the wrong width show.</summary>
    public static uint[] RandomRegs(Random rng) => [.. Enumerable.Range(0, 7).Select(_ => Random32(rng))];

    internal static uint SignBit(int size) => 1u << (size * 8 - 1);
    internal const uint CF = Flags.CF;
}
