namespace CamkesVm.Machine.Net;

/// <summary>The IEEE 802.3 frame check sequence: CRC-32 (reflected polynomial 0xEDB88320), stored little-endian after the frame.</summary>
public static class EthernetCrc
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The FCS of <paramref name="frame"/> (destination address to the end of the payload/padding).</summary>
    public static uint Compute(ReadOnlySpan<byte> frame)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in frame) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
