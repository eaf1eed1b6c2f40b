using System.Buffers.Binary;
using System.Text;

namespace CamkesVm.Machine.Acpi;

/// <summary>
/// Accumulates one ACPI structure in little-endian byte order: the common 36-byte System Description Table
/// header (ACPI 6.x §5.2.6), fields, Generic Address Structures (§5.2.3.2), and finally the length and the
/// checksum byte that makes all bytes sum to zero.
/// </summary>
internal sealed class AcpiTableBuilder
{
    /// <summary>OEM identification written in every table (6, 8 and 4 ASCII characters).</summary>
    public const string OemId = "CAMKES", OemTableId = "CAMKESVM", CreatorId = "CKVM";

    /// <summary>Offset of the checksum byte in a table header.</summary>
    public const int ChecksumOffset = 9;

    private readonly List<byte> _bytes = [];

    /// <summary>Bytes written so far.</summary>
    public int Length => _bytes.Count;

    /// <summary>Starts a table: signature, length (patched by <see cref="Finish"/>), revision, checksum, OEM fields.</summary>
    public static AcpiTableBuilder Table(string signature, byte revision)
    {
        var t = new AcpiTableBuilder();
        t.Ascii(signature, 4).U32(0).U8(revision).U8(0).Ascii(OemId, 6).Ascii(OemTableId, 8).U32(1).Ascii(CreatorId, 4).U32(1);
        return t;
    }

    public AcpiTableBuilder U8(byte v) { _bytes.Add(v); return this; }

    public AcpiTableBuilder U16(ushort v) => U8((byte)v).U8((byte)(v >> 8));

    public AcpiTableBuilder U32(uint v) => U16((ushort)v).U16((ushort)(v >> 16));

    public AcpiTableBuilder U64(ulong v) => U32((uint)v).U32((uint)(v >> 32));

    public AcpiTableBuilder Bytes(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) _bytes.Add(b);
        return this;
    }

    public AcpiTableBuilder Zeros(int count) => Bytes(new byte[count]);

    /// <summary>Exactly <paramref name="length"/> ASCII characters (the caller's strings are fixed-size identifiers).</summary>
    public AcpiTableBuilder Ascii(string text, int length)
    {
        if (text.Length != length) throw new ArgumentException($"ACPI identifier '{text}' must be {length} characters");
        return Bytes(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>A Generic Address Structure in system I/O space (space ID 1).</summary>
    public AcpiTableBuilder IoGas(byte bitWidth, AcpiAccessSize access, ushort port) =>
        U8(1).U8(bitWidth).U8(0).U8((byte)access).U64(port);

    /// <summary>The finished table: length at offset 4 and checksum at offset 9 filled in.</summary>
    public byte[] Finish()
    {
        var table = _bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)table.Length);
        table[ChecksumOffset] = Checksum(table);
        return table;
    }

    /// <summary>The byte that, stored in a zero checksum field, makes <paramref name="data"/> sum to zero.</summary>
    public static byte Checksum(ReadOnlySpan<byte> data)
    {
        byte sum = 0;
        foreach (byte b in data) sum += b;
        return (byte)-sum;
    }

    /// <summary>The raw bytes (for structures without the common header, like the RSDP and FACS).</summary>
    public byte[] ToArray() => [.. _bytes];
}

/// <summary>Generic Address Structure access sizes (ACPI 6.x Table 5.1).</summary>
internal enum AcpiAccessSize : byte
{
    Undefined = 0,
    Byte = 1,
    Word = 2,
    Dword = 3,
}
