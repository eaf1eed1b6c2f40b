using System.Text;

namespace CamkesVm.Machine.Acpi;

/// <summary>
/// Encodes the few AML terms our DSDT needs (ACPI 6.4 §20.2): names, scopes, devices, packages, buffers and
/// integers, each as a byte array ready to concatenate. Package-like terms get their PkgLength (§20.2.4):
/// one byte below 64, otherwise a lead byte whose bits 7:6 count the following bytes.
/// </summary>
internal static class Aml
{
    private const byte NameOp = 0x08, ScopeOp = 0x10, BufferOp = 0x11, PackageOp = 0x12;
    private const byte ExtOpPrefix = 0x5B, DeviceOp = 0x82;
    private const byte ZeroOp = 0x00, OneOp = 0x01, BytePrefix = 0x0A, WordPrefix = 0x0B, DWordPrefix = 0x0C;
    private const byte RootChar = 0x5C, DualNamePrefix = 0x2E;

    /// <summary><c>Name (name, value)</c>.</summary>
    public static byte[] Name(string name, byte[] value) => [NameOp, .. NameString(name), .. value];

    /// <summary><c>Scope (name) { terms }</c>.</summary>
    public static byte[] Scope(string name, params byte[][] terms) => [ScopeOp, .. WithPkgLength([.. NameString(name), .. Concat(terms)])];

    /// <summary><c>Device (name) { terms }</c>.</summary>
    public static byte[] Device(string name, params byte[][] terms) =>
        [ExtOpPrefix, DeviceOp, .. WithPkgLength([.. NameString(name), .. Concat(terms)])];

    /// <summary><c>Package () { elements }</c> (at most 255 elements).</summary>
    public static byte[] Package(IReadOnlyList<byte[]> elements)
    {
        if (elements.Count > 255) throw new ArgumentException("a Package holds at most 255 elements", nameof(elements));
        return [PackageOp, .. WithPkgLength([(byte)elements.Count, .. Concat(elements)])];
    }

    /// <summary><c>Buffer () { bytes }</c>.</summary>
    public static byte[] Buffer(byte[] bytes) => [BufferOp, .. WithPkgLength([.. Integer((uint)bytes.Length), .. bytes])];

    /// <summary>The shortest integer encoding of <paramref name="value"/>.</summary>
    public static byte[] Integer(uint value) => value switch
    {
        0 => [ZeroOp],
        1 => [OneOp],
        <= 0xFF => [BytePrefix, (byte)value],
        <= 0xFFFF => [WordPrefix, (byte)value, (byte)(value >> 8)],
        _ => [DWordPrefix, (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24)],
    };

    /// <summary>
    /// A compressed EISA id such as <c>PNP0A03</c> as the integer the ASL <c>EisaId()</c> macro makes: three
    /// letters of 5 bits each (A = 1) and four hex digits, stored big-endian in the 32-bit value's bytes.
    /// </summary>
    public static byte[] EisaId(string id)
    {
        if (id.Length != 7 || !id[..3].All(char.IsAsciiLetterUpper) || !id[3..].All(char.IsAsciiHexDigit))
            throw new ArgumentException($"'{id}' is not an EISA id (three capitals and four hex digits)", nameof(id));
        int letters = ((id[0] - 0x40) << 10) | ((id[1] - 0x40) << 5) | (id[2] - 0x40);
        int product = Convert.ToInt32(id[3..], 16);
        uint value = (uint)((letters >> 8) | ((letters & 0xFF) << 8) | ((product >> 8) << 16) | ((product & 0xFF) << 24));
        return Integer(value);
    }

    /// <summary>
    /// A NameString: an optional root prefix and one or two NameSegs of four characters (padded with '_'),
    /// e.g. <c>\_SB</c> or <c>_PRT</c>.
    /// </summary>
    public static byte[] NameString(string name)
    {
        bool root = name.StartsWith('\\');
        var segs = name.TrimStart('\\').Split('.');
        if (segs.Length > 2 || segs.Any(s => s.Length is 0 or > 4))
            throw new ArgumentException($"'{name}' is not a one- or two-segment AML name", nameof(name));
        var bytes = new List<byte>();
        if (root) bytes.Add(RootChar);
        if (segs.Length == 2) bytes.Add(DualNamePrefix);
        foreach (var s in segs) bytes.AddRange(Encoding.ASCII.GetBytes(s.PadRight(4, '_')));
        return [.. bytes];
    }

    /// <summary>PkgLength followed by <paramref name="body"/>; the length counts its own bytes too.</summary>
    public static byte[] WithPkgLength(byte[] body)
    {
        int total = body.Length + 1;
        if (total < 64) return [(byte)total, .. body];
        for (int extra = 1; extra <= 3; extra++)
        {
            total = body.Length + 1 + extra;
            if (total >= 1 << (4 + 8 * extra)) continue;
            var lead = new byte[1 + extra];
            lead[0] = (byte)((extra << 6) | (total & 0x0F));
            for (int i = 1; i <= extra; i++) lead[i] = (byte)(total >> (4 + 8 * (i - 1)));
            return [.. lead, .. body];
        }
        throw new ArgumentException("AML package longer than 2^28 bytes", nameof(body));
    }

    private static byte[] Concat(IEnumerable<byte[]> parts) => [.. parts.SelectMany(p => p)];
}
