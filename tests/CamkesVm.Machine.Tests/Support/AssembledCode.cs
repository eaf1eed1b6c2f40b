using Iced.Intel;

namespace CamkesVm.Machine.Tests.Support;

/// <summary>Test guests written with Iced's assembler: the machine code of an <see cref="Assembler"/> at its load address.</summary>
internal static class AssembledCode
{
    /// <summary>Assembles <paramref name="a"/> for <paramref name="address"/> (relative branches depend on it).</summary>
    public static byte[] Bytes(Assembler a, ulong address)
    {
        var writer = new Collector();
        a.Assemble(writer, address);
        return [.. writer.Bytes];
    }

    private sealed class Collector : CodeWriter
    {
        public readonly List<byte> Bytes = [];
        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
