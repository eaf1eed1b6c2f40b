namespace CamkesVm.Machine.Acpi;

/// <summary>
/// Resource descriptors for a <c>ResourceTemplate</c> (ACPI 6.4 §6.4): the I/O port descriptor (small item,
/// §6.4.2.5), Word and DWord Address Space descriptors (large items 0x88 and 0x87, §6.4.3.5.2/§6.4.3.5.3) and
/// the End Tag (§6.4.2.9), as a PCI host bridge's <c>_CRS</c> uses them.
/// </summary>
internal static class AmlResources
{
    private const byte MemoryRange = 0, IoRange = 1, BusNumberRange = 2;

    /// <summary>General flags: producer (bit 0 = 0), positive decode, minimum and maximum address fixed.</summary>
    private const byte ProducerFixedRange = 0x0C;

    /// <summary><c>IO (Decode16, min, min, 1, length)</c>: a fixed port range the device itself uses.</summary>
    public static byte[] FixedIo(ushort port, byte length) =>
        [0x47, 0x01, (byte)port, (byte)(port >> 8), (byte)port, (byte)(port >> 8), 0x01, length];

    /// <summary><c>WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0, first, last, 0, count)</c>.</summary>
    public static byte[] BusNumbers(ushort first, ushort last) => Word(BusNumberRange, 0, first, last);

    /// <summary><c>WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, …)</c>: ports forwarded to PCI.</summary>
    public static byte[] IoWindow(ushort first, ushort last) => Word(IoRange, 0x03, first, last);

    /// <summary><c>DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite, …)</c>.</summary>
    public static byte[] MemoryWindow(uint first, uint last)
    {
        var d = new byte[26];
        d[0] = 0x87; d[1] = 23; d[2] = 0;
        d[3] = MemoryRange; d[4] = ProducerFixedRange; d[5] = 0x01;
        Put32(d, 10, first); Put32(d, 14, last); Put32(d, 22, last - first + 1);
        return d;
    }

    /// <summary>The End Tag with checksum 0 ("the checksum is treated as correct").</summary>
    public static byte[] EndTag => [0x79, 0x00];

    private static byte[] Word(byte type, byte typeFlags, ushort first, ushort last)
    {
        var d = new byte[16];
        d[0] = 0x88; d[1] = 13; d[2] = 0;
        d[3] = type; d[4] = ProducerFixedRange; d[5] = typeFlags;
        Put16(d, 8, first); Put16(d, 10, last); Put16(d, 14, (ushort)(last - first + 1));
        return d;
    }

    private static void Put16(byte[] d, int at, ushort v) { d[at] = (byte)v; d[at + 1] = (byte)(v >> 8); }

    private static void Put32(byte[] d, int at, uint v) { Put16(d, at, (ushort)v); Put16(d, at + 2, (ushort)(v >> 16)); }
}
