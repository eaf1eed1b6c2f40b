using System.Buffers.Binary;
using System.Globalization;

namespace CamkesVm.Machine.Net;

/// <summary>A 48-bit IEEE 802 MAC address held in the low bits of a ulong (first octet most significant).</summary>
public readonly record struct MacAddress(ulong Value)
{
    /// <summary>ff:ff:ff:ff:ff:ff.</summary>
    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFF);

    /// <summary>QEMU's default NIC address 52:54:00:12:34:56 (a locally administered unicast address).</summary>
    public static readonly MacAddress QemuDefault = new(0x5254_0012_3456);

    /// <summary>Reads six octets.</summary>
    public static MacAddress From(ReadOnlySpan<byte> octets) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(octets) << 32) | BinaryPrimitives.ReadUInt32BigEndian(octets[2..]));

    /// <summary>Parses "52:54:00:12:34:56" (or with '-'); throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static MacAddress Parse(string text)
    {
        var parts = text.Split(':', '-');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)))
            throw new FormatException($"'{text}' is not a MAC address: write six hex octets like 52:54:00:12:34:56");
        ulong v = 0;
        foreach (var p in parts) v = (v << 8) | byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new MacAddress(v);
    }

    /// <summary>True for group (multicast and broadcast) addresses: the I/G bit of the first octet.</summary>
    public bool IsMulticast => (Value >> 40 & 1) != 0;

    /// <summary>Writes six octets.</summary>
    public void CopyTo(Span<byte> octets)
    {
        BinaryPrimitives.WriteUInt16BigEndian(octets, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(octets[2..], (uint)Value);
    }

    /// <summary>Octet <paramref name="i"/> (0 = first on the wire).</summary>
    public byte this[int i] => (byte)(Value >> (8 * (5 - i)));

    /// <inheritdoc/>
    public override string ToString()
    {
        ulong v = Value;
        return string.Join(':', Enumerable.Range(0, 6).Select(i => ((byte)(v >> (8 * (5 - i)))).ToString("x2", CultureInfo.InvariantCulture)));
    }
}
