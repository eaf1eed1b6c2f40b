namespace CamkesVm.Machine.Devices;

/// <summary>
/// CMOS RAM contents the machine presets, as a PC BIOS leaves them (IBM AT technical reference CMOS map,
/// and the bytes SeaBIOS/QEMU use): equipment byte 0x14, memory sizes, and the checksum at 0x2E-0x2F over 0x10-0x2D.
/// </summary>
public sealed partial class Cmos146818
{
    /// <summary>CMOS RAM indices the machine presets.</summary>
    public const int Equipment = 0x14, BaseMemoryLow = 0x15, ExtendedMemoryLow = 0x17, ExtendedMemoryCopyLow = 0x30,
        MemoryAbove16MLow = 0x34, ChecksumHigh = 0x2E;

    /// <summary>Presets CMOS RAM byte <paramref name="index"/> (0x0E-0x7F; the clock registers are not RAM).</summary>
    public void SetByte(int index, byte value)
    {
        if (index is < 0x0E or > 0x7F || index == Century)
            throw new ArgumentOutOfRangeException(nameof(index), $"CMOS index 0x{index:x} is not RAM: preset 0x0E-0x7F except the century byte 0x32");
        _ram[index] = value;
        if (index is >= 0x10 and <= 0x2D) UpdateChecksum();
    }

    /// <summary>A CMOS RAM byte (0x0E-0x7F) as the machine preset it or the guest wrote it.</summary>
    public byte GetByte(int index) => _ram[index & 0x7F];

    /// <summary>The equipment byte 0x14 (bits 7-6 floppies - 1, bits 5-4 video, bit 1 FPU, bit 0 floppy present).</summary>
    public void SetEquipment(byte value) => SetByte(Equipment, value);

    /// <summary>
    /// Sets the memory size bytes for <paramref name="ramBytes"/> of RAM below 4 GiB: 640 KiB base memory at
    /// 0x15-0x16, KiB above 1 MiB at 0x17-0x18 and 0x30-0x31 (at most 0xFFFF), 64 KiB blocks above 16 MiB at 0x34-0x35.
    /// </summary>
    public void SetMemorySize(ulong ramBytes)
    {
        const ulong MiB = 1 << 20;
        SetWord(BaseMemoryLow, 640);
        ulong extendedKiB = ramBytes > MiB ? (ramBytes - MiB) / 1024 : 0;
        SetWord(ExtendedMemoryLow, (ushort)Math.Min(extendedKiB, 0xFFFF));
        SetWord(ExtendedMemoryCopyLow, (ushort)Math.Min(extendedKiB, 0xFFFF));
        ulong above16M = ramBytes > 16 * MiB ? (Math.Min(ramBytes, 1UL << 32) - 16 * MiB) / 65536 : 0;
        SetWord(MemoryAbove16MLow, (ushort)Math.Min(above16M, 0xFFFF));
    }

    private void SetWord(int lowIndex, ushort value)
    {
        SetByte(lowIndex, (byte)value);
        SetByte(lowIndex + 1, (byte)(value >> 8));
    }

    private void UpdateChecksum()
    {
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) sum += _ram[i];
        _ram[ChecksumHigh] = (byte)(sum >> 8);
        _ram[ChecksumHigh + 1] = (byte)sum;
    }
}
