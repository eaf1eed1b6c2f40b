using System.Buffers.Binary;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// A classic MBR (the "IBM PC partition table": 446 bytes of boot code, four 16-byte partition entries at 1BEh,
/// signature 55h AAh at 1FEh) with one primary partition, as fdisk writes it: LBA start and length, and CHS
/// fields in the 255-head/63-sector translation (FEh FFh FFh once past cylinder 1023).
/// </summary>
internal static class DiskMbr
{
    public const int SectorSize = 512;

    /// <summary>Partition type 83h: Linux native filesystem.</summary>
    public const byte TypeLinux = 0x83;

    /// <summary>The 512-byte MBR with partition 1 covering <paramref name="sectors"/> sectors from <paramref name="start"/>.</summary>
    public static byte[] Build(uint start, uint sectors, uint diskSignature, byte type = TypeLinux, bool bootable = true)
    {
        var mbr = new byte[SectorSize];
        BinaryPrimitives.WriteUInt32LittleEndian(mbr.AsSpan(440), diskSignature);
        var e = mbr.AsSpan(446, 16);
        e[0] = (byte)(bootable ? 0x80 : 0x00);
        Chs(start).CopyTo(e[1..]);
        e[4] = type;
        Chs(start + sectors - 1).CopyTo(e[5..]);
        BinaryPrimitives.WriteUInt32LittleEndian(e[8..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(e[12..], sectors);
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        return mbr;
    }

    /// <summary>The 3-byte CHS form of <paramref name="lba"/>: head, sector | cylinder 9:8 &lt;&lt; 6, cylinder 7:0.</summary>
    public static byte[] Chs(uint lba)
    {
        const uint heads = 255, spt = 63;
        uint cylinder = lba / (heads * spt);
        if (cylinder > 1023) return [0xFE, 0xFF, 0xFF];
        uint head = lba / spt % heads, sector = lba % spt + 1;
        return [(byte)head, (byte)(sector | ((cylinder >> 2) & 0xC0)), (byte)cylinder];
    }
}
