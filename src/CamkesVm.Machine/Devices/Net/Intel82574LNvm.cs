namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// The 82574's NVM image as the EERD register reads it (Intel 82574 datasheet §6.1, NVM map): words 0-2 the
/// Ethernet address, the PCI identity words the device loads at power-up, and word 0x3F chosen so that words
/// 0x00-0x3F sum to 0xBABA (§6.1.2.12, the checksum Linux's e1000e validates). An unimplemented word reads 0xFFFF.
/// </summary>
internal sealed class Intel82574LNvm
{
    /// <summary>Words of the image; the EECD size field 0 means 64 words (datasheet §10.2.2.3).</summary>
    public const int WordCount = 64;
    public const int ChecksumWord = 0x3F;
    public const ushort ChecksumTarget = 0xBABA;

    private readonly ushort[] _words = new ushort[WordCount];

    public Intel82574LNvm(ReadOnlySpan<byte> mac, ushort deviceId, ushort subsystemId, ushort subsystemVendorId)
    {
        Array.Fill(_words, (ushort)0xFFFF);
        for (int i = 0; i < 3; i++) _words[i] = (ushort)(mac[2 * i] | mac[2 * i + 1] << 8);
        _words[0x04] = 0xFFFF; // LED configuration: default
        _words[0x08] = 0x1234; _words[0x09] = 0x5678; // PBA number
        _words[0x0A] = 0x0000; _words[0x0B] = subsystemId; _words[0x0C] = subsystemVendorId; _words[0x0D] = deviceId;
        _words[0x0F] = 0x0000; // init control 2
        _words[0x37] = 0xFFFF; // no alternate MAC address
        _words[ChecksumWord] = 0;
        ushort sum = 0;
        for (int i = 0; i < ChecksumWord; i++) sum += _words[i];
        _words[ChecksumWord] = (ushort)(ChecksumTarget - sum);
    }

    /// <summary>The word at <paramref name="address"/>, or 0xFFFF beyond the image.</summary>
    public ushort Read(int address) => (uint)address < WordCount ? _words[address] : (ushort)0xFFFF;
}
