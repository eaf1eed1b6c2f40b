using System.Buffers.Binary;

namespace CamkesVm.Machine.Devices.Storage.Ata;

/// <summary>
/// The 256 words of IDENTIFY DEVICE data (ACS-2 §7.17, Table 45) of a non-rotating SATA disk with LBA48, write
/// cache and FLUSH CACHE (EXT), PIO 0-4, multiword DMA 0-2 and UDMA 0-5, without NCQ, HPA or security.
/// Strings are space-padded ATA strings (two characters per word, first character in the high byte).
/// </summary>
public static class AtaIdentify
{
    /// <summary>Sectors per track and heads of the default CHS translation (ATA-5 Annex: 16 heads, 63 sectors).</summary>
    public const int Heads = 16, SectorsPerTrack = 63;

    /// <summary>Fills <paramref name="data"/> (512 bytes) for a disk of <paramref name="sectors"/> sectors.</summary>
    public static void Fill(Span<byte> data, long sectors, string serial, string model, AtaDriveSettings settings)
    {
        data[..512].Clear();
        var w = new ushort[256];
        long cylinders = Math.Min(16383, sectors / (Heads * SectorsPerTrack));
        uint lba28 = (uint)Math.Min(sectors, 0x0FFF_FFFF);
        w[0] = 0x0040;                              // fixed device, not removable
        w[1] = (ushort)cylinders; w[3] = Heads; w[6] = SectorsPerTrack;
        w[47] = 0x8010;                             // READ/WRITE MULTIPLE: up to 16 sectors per block
        w[49] = 0x0300;                             // LBA and DMA supported
        w[50] = 0x4000;
        w[53] = 0x0006;                             // words 64-70 and 88 valid
        w[54] = (ushort)cylinders; w[55] = Heads; w[56] = SectorsPerTrack;
        uint chs = (uint)(cylinders * Heads * SectorsPerTrack);
        w[57] = (ushort)chs; w[58] = (ushort)(chs >> 16);
        w[59] = (ushort)(settings.MultipleCount == 0 ? 0 : 0x0100 | settings.MultipleCount);
        w[60] = (ushort)lba28; w[61] = (ushort)(lba28 >> 16);
        w[63] = (ushort)(0x0007 | (settings.MultiwordDmaMode is int m ? 0x100 << m : 0));
        w[64] = 0x0003;                             // PIO modes 3 and 4
        w[65] = w[66] = w[67] = w[68] = 120;        // cycle times (ns)
        w[76] = 0x0006;                             // SATA Gen1 and Gen2 signalling speeds
        w[80] = 0x01F0;                             // ATA-4 .. ACS-2 (ATA8-ACS)
        w[81] = 0x0110;
        w[82] = 0x4020;                             // write cache supported (bit 5)
        w[83] = 0x7400;                             // words valid, LBA48 (10), FLUSH CACHE (12), FLUSH CACHE EXT (13)
        w[84] = 0x4000;
        w[85] = (ushort)(0x4000 | (settings.WriteCache ? 0x0020 : 0));
        w[86] = 0x3400;                             // LBA48, FLUSH CACHE, FLUSH CACHE EXT enabled
        w[87] = 0x4000;
        w[88] = (ushort)(0x003F | (settings.UltraDmaMode is int u ? 0x100 << u : 0));
        w[93] = 0;                                  // SATA: no PATA reset result
        for (int i = 0; i < 4; i++) w[100 + i] = (ushort)(sectors >> (16 * i));
        w[106] = 0x4000;                            // one logical sector per physical sector, 512 bytes
        w[217] = 0x0001;                            // non-rotating medium
        PutString(w, 10, 20, serial);
        PutString(w, 23, 8, "1.0");
        PutString(w, 27, 40, model);
        for (int i = 0; i < 256; i++) BinaryPrimitives.WriteUInt16LittleEndian(data[(2 * i)..], w[i]);
        WriteIntegrityWord(data);
    }

    /// <summary>Word 255: signature A5h and the checksum that makes all 512 bytes sum to zero (ACS-2 §7.17.7.86).</summary>
    private static void WriteIntegrityWord(Span<byte> data)
    {
        data[510] = 0xA5;
        byte sum = 0;
        for (int i = 0; i < 511; i++) sum += data[i];
        data[511] = (byte)-sum;
    }

    private static void PutString(ushort[] words, int first, int length, string text)
    {
        string padded = text.Length >= length ? text[..length] : text.PadRight(length);
        for (int i = 0; i < length / 2; i++)
            words[first + i] = (ushort)((Ascii(padded[2 * i]) << 8) | Ascii(padded[2 * i + 1]));
    }

    private static byte Ascii(char c) => c is >= ' ' and <= '~' ? (byte)c : (byte)' ';
}

/// <summary>What SET FEATURES and SET MULTIPLE MODE changed (reported back in IDENTIFY words 59, 63, 85, 88).</summary>
public sealed class AtaDriveSettings
{
    /// <summary>Volatile write cache enabled (the default of SATA drives).</summary>
    public bool WriteCache { get; set; } = true;
    /// <summary>Sectors per READ/WRITE MULTIPLE block (0: not set).</summary>
    public int MultipleCount { get; set; }
    /// <summary>The selected Ultra DMA mode, if any.</summary>
    public int? UltraDmaMode { get; set; } = 5;
    /// <summary>The selected multiword DMA mode, if any.</summary>
    public int? MultiwordDmaMode { get; set; }
}
