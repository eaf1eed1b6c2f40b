using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Acpi;

/// <summary>
/// Builds the ACPI tables of the PC platform (ACPI 6.x §5.2) and writes them into guest RAM: an RSDP
/// revision 2, RSDT and XSDT pointing at the FADT and the MADT, and the FACS and DSDT the FADT names.
/// The default place is the BIOS area at 0xE0000, where Linux scans 0xE0000-0xFFFFF on 16-byte boundaries
/// for "RSD PTR "; a loader that puts them elsewhere passes the RSDP address in boot_params.acpi_rsdp_addr.
/// </summary>
public static class AcpiTables
{
    /// <summary>Where the tables go by default (the RSDP comes first).</summary>
    public const uint DefaultAddress = 0xE0000;

    private const int RsdpLength = 36;

    /// <summary>
    /// Writes the tables for <paramref name="platform"/> (default: this RAM, no PCI devices) at
    /// <paramref name="address"/> (16-byte aligned) and returns the RSDP's address.
    /// </summary>
    public static uint Write(PhysicalMemory memory, AcpiPlatform? platform = null, uint address = DefaultAddress)
    {
        ArgumentNullException.ThrowIfNull(memory);
        platform ??= new AcpiPlatform(memory.RamSize, []);
        if (address % 16 != 0)
            throw new ArgumentException($"ACPI tables at 0x{address:x}: the RSDP must be on a 16-byte boundary", nameof(address));
        var image = Build(address, platform);
        if ((ulong)address + (ulong)image.Length > memory.RamSize)
            throw new ArgumentException($"ACPI tables need 0x{address:x}-0x{address + image.Length - 1:x} in RAM, " +
                $"but the guest has only 0x{memory.RamSize:x} bytes; give it more RAM or another address", nameof(address));
        memory.Write(address, image);
        return address;
    }

    /// <summary>The image of all tables for placement at <paramref name="address"/>, RSDP first.</summary>
    internal static byte[] Build(uint address, AcpiPlatform platform)
    {
        var layout = new Layout(address);
        uint rsdp = layout.Reserve(RsdpLength, 16);
        uint rsdt = layout.Reserve(36 + 2 * 4, 16);
        uint xsdt = layout.Reserve(36 + 2 * 8, 16);
        var dsdtTable = Dsdt.Build(platform);
        uint facs = layout.Reserve(Facs.Length, 64);
        uint dsdt = layout.Place(dsdtTable, 16);
        uint fadt = layout.Place(Fadt.Build(facs, dsdt), 16);
        uint madt = layout.Place(Madt.Build(), 16);
        layout.Fill(facs, Facs.Build());
        layout.Fill(rsdt, AcpiTableBuilder.Table("RSDT", 1).U32(fadt).U32(madt).Finish());
        layout.Fill(xsdt, AcpiTableBuilder.Table("XSDT", 1).U64(fadt).U64(madt).Finish());
        layout.Fill(rsdp, Rsdp(rsdt, xsdt));
        return layout.ToArray();
    }

    /// <summary>The Root System Description Pointer, revision 2 (ACPI 6.x §5.2.5.3).</summary>
    private static byte[] Rsdp(uint rsdt, uint xsdt)
    {
        var b = new AcpiTableBuilder().Ascii("RSD PTR ", 8).U8(0).Ascii(AcpiTableBuilder.OemId, 6).U8(2).U32(rsdt)
            .U32(RsdpLength).U64(xsdt).U8(0).Zeros(3).ToArray();
        b[8] = AcpiTableBuilder.Checksum(b.AsSpan(0, 20));  // ACPI 1.0 checksum over the first 20 bytes
        b[32] = AcpiTableBuilder.Checksum(b);              // extended checksum over all 36
        return b;
    }

    /// <summary>Assigns aligned addresses in a growing image that starts at a guest-physical base.</summary>
    private sealed class Layout(uint baseAddress)
    {
        private readonly List<byte> _image = [];

        public uint Reserve(int length, int alignment)
        {
            while ((baseAddress + (uint)_image.Count) % alignment != 0) _image.Add(0);
            uint at = baseAddress + (uint)_image.Count;
            _image.AddRange(new byte[length]);
            return at;
        }

        public uint Place(byte[] table, int alignment)
        {
            uint at = Reserve(table.Length, alignment);
            Fill(at, table);
            return at;
        }

        public void Fill(uint at, byte[] table)
        {
            for (int i = 0; i < table.Length; i++) _image[(int)(at - baseAddress) + i] = table[i];
        }

        public byte[] ToArray() => [.. _image];
    }
}
