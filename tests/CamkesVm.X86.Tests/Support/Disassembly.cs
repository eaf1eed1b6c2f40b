using Iced.Intel;

namespace CamkesVm.X86.Tests.Support;

/// <summary>Iced-based encode/decode helpers for building and describing test instructions.</summary>
public static class Disassembly
{
    /// <summary>Text of the 32-bit instruction(s) in <paramref name="code"/>.</summary>
    public static string Of(byte[] code, int bitness = 32)
    {
        var decoder = Iced.Intel.Decoder.Create(bitness, new ByteArrayCodeReader(code));
        var formatter = new NasmFormatter();
        var output = new StringOutput();
        var parts = new List<string>();
        while (decoder.IP < (ulong)code.Length)
        {
            var insn = decoder.Decode();
            formatter.Format(insn, output);
            parts.Add(output.ToStringAndReset());
        }
        return string.Join("; ", parts);
    }

    /// <summary>Decodes the first instruction of <paramref name="code"/> (padded with zeros, so a cut-off cell still decodes).</summary>
    public static Instruction Decode(byte[] code, int bitness = 32)
    {
        var padded = new byte[code.Length + 16];
        code.CopyTo(padded, 0);
        return Iced.Intel.Decoder.Create(bitness, new ByteArrayCodeReader(padded)).Decode();
    }

    /// <summary>Encodes one instruction for 32-bit code at address 0.</summary>
    public static byte[] Encode(Instruction insn, int bitness = 32)
    {
        var writer = new BytesWriter();
        var encoder = Encoder.Create(bitness, writer);
        if (!encoder.TryEncode(insn, 0, out _, out var error))
            throw new ArgumentException($"cannot encode {insn}: {error}");
        return writer.ToArray();
    }

    private sealed class BytesWriter : CodeWriter
    {
        private readonly List<byte> _bytes = [];
        public override void WriteByte(byte value) => _bytes.Add(value);
        public byte[] ToArray() => [.. _bytes];
    }
}
