using System.Buffers.Binary;
using System.Text;
using CamkesVm.Machine.Acpi;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Acpi;

/// <summary>Parses what <see cref="AcpiTables.Write"/> put in guest RAM as an OS would (ACPI 6.x §5.2).</summary>
public sealed class AcpiTablesTests : IDisposable
{
    private readonly PhysicalMemory _memory = new(1 << 20);
    private readonly uint _rsdp;

    public AcpiTablesTests() => _rsdp = AcpiTables.Write(_memory);

    public void Dispose() => _memory.Dispose();

    private byte[] Bytes(uint address, int length)
    {
        var b = new byte[length];
        _memory.Read(address, b);
        return b;
    }

    private string Signature(uint address, int length = 4) => Encoding.ASCII.GetString(Bytes(address, length));

    private static int Sum(byte[] data) => data.Aggregate(0, (s, b) => (s + b) & 0xFF);

    /// <summary>A table at <paramref name="address"/> with the expected signature, its length, and a zero byte sum.</summary>
    private byte[] Table(uint address, string signature)
    {
        Assert.Equal(signature, Signature(address));
        uint length = _memory.ReadUInt32(address + 4);
        Assert.InRange(length, 36u, 4096u);
        var table = Bytes(address, (int)length);
        Assert.Equal(0, Sum(table));
        return table;
    }

    private static uint U32(byte[] t, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(t.AsSpan(offset));
    private static ushort U16(byte[] t, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(t.AsSpan(offset));
    private static ulong U64(byte[] t, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(t.AsSpan(offset));

    private (uint Fadt, uint Madt) RsdtEntries()
    {
        var rsdt = Table(_memory.ReadUInt32(_rsdp + 16), "RSDT");
        Assert.Equal(36 + 8, rsdt.Length);
        return (U32(rsdt, 36), U32(rsdt, 40));
    }

    [Fact]
    public void Linux_style_scan_of_the_bios_area_finds_a_valid_revision_2_rsdp()
    {
        uint found = 0;
        for (uint a = 0xE0000; a < 0x100000 && found == 0; a += 16)
            if (Signature(a, 8) == "RSD PTR " && Sum(Bytes(a, 20)) == 0) found = a;
        Assert.Equal(_rsdp, found);
        var rsdp = Bytes(found, 36);
        Assert.Equal(2, rsdp[15]);
        Assert.Equal(36u, U32(rsdp, 20));
        Assert.Equal(0, Sum(rsdp)); // extended checksum
    }

    [Fact]
    public void Rsdt_and_xsdt_point_at_the_fadt_and_the_madt()
    {
        var (fadt, madt) = RsdtEntries();
        var xsdt = Table((uint)_memory.ReadUInt32(_rsdp + 24), "XSDT");
        Assert.Equal(0u, _memory.ReadUInt32(_rsdp + 28)); // XSDT below 4 GiB
        Assert.Equal(36 + 16, xsdt.Length);
        Assert.Equal([fadt, madt], new[] { U64(xsdt, 36), U64(xsdt, 44) }.Select(v => (uint)v));
        Table(fadt, "FACP");
        Table(madt, "APIC");
    }

    [Fact]
    public void Fadt_describes_the_pm_block_sci_and_reset_register()
    {
        var f = Table(RsdtEntries().Fadt, "FACP");
        Assert.True(f[8] >= 3, "FADT revision must be at least 3 for the X_ fields");
        Assert.Equal(276, f.Length);   // the ACPI 6.x layout
        Assert.Equal(9, U16(f, 46));   // SCI_INT
        Assert.Equal(0u, U32(f, 48));  // SMI_CMD: always in ACPI mode
        Assert.Equal(0x600u, U32(f, 56));
        Assert.Equal(0x604u, U32(f, 64));
        Assert.Equal(0x608u, U32(f, 76));
        Assert.Equal(0u, U32(f, 80));  // no GPE0 block
        Assert.Equal((4, 2, 4), (f[88], f[89], f[91]));
        uint flags = U32(f, 112);
        Assert.True((flags & 1) != 0, "WBINVD");
        Assert.True((flags & (1 << 10)) != 0, "RESET_REG_SUP");
        Assert.True((flags & (1 << 8)) == 0, "TMR_VAL_EXT must be clear for the 24-bit PM timer");
        AssertIoGas(f, 116, bitWidth: 8, port: 0xCF9);
        Assert.Equal(0x06, f[128]);
        AssertIoGas(f, 148, bitWidth: 32, port: 0x600);
        AssertIoGas(f, 172, bitWidth: 16, port: 0x604);
        AssertIoGas(f, 208, bitWidth: 32, port: 0x608);
        Assert.Equal(U32(f, 36), U64(f, 132)); // X_FIRMWARE_CTRL
        Assert.Equal(U32(f, 40), U64(f, 140)); // X_DSDT
    }

    private static void AssertIoGas(byte[] t, int offset, int bitWidth, ulong port)
    {
        Assert.Equal(1, t[offset]);             // system I/O space
        Assert.Equal(bitWidth, t[offset + 1]);
        Assert.Equal(0, t[offset + 2]);         // bit offset
        Assert.InRange(t[offset + 3], 1, 3);    // byte, word or dword access
        Assert.Equal(port, U64(t, offset + 4));
    }

    [Fact]
    public void Facs_is_64_bytes_on_a_64_byte_boundary()
    {
        var f = Table(RsdtEntries().Fadt, "FACP");
        uint facs = U32(f, 36);
        Assert.Equal(0u, facs % 64);
        Assert.Equal("FACS", Signature(facs));
        Assert.Equal(64u, _memory.ReadUInt32(facs + 4));
    }

    [Fact]
    public void Madt_lists_the_local_apic_the_io_apic_and_the_pc_overrides()
    {
        var m = Table(RsdtEntries().Madt, "APIC");
        Assert.Equal(0xFEE0_0000u, U32(m, 36));
        Assert.Equal(1u, U32(m, 40) & 1); // PCAT_COMPAT
        var entries = new List<byte[]>();
        for (int p = 44; p < m.Length; p += m[p + 1])
        {
            Assert.True(m[p + 1] >= 2 && p + m[p + 1] <= m.Length, $"entry at {p} has a bad length");
            entries.Add(m[p..(p + m[p + 1])]);
        }
        var lapic = Assert.Single(entries, e => e[0] == 0);
        Assert.Equal((8, 0, 0, 1u), (lapic.Length, lapic[2], lapic[3], U32(lapic, 4)));
        var ioapic = Assert.Single(entries, e => e[0] == 1);
        Assert.Equal((12, 0, 0xFEC0_0000u, 0u), (ioapic.Length, ioapic[2], U32(ioapic, 4), U32(ioapic, 8)));
        var overrides = entries.Where(e => e[0] == 2).Select(e => (e.Length, Bus: e[2], Irq: e[3], Gsi: U32(e, 4), Flags: U16(e, 8)));
        Assert.Equal([(10, 0, 0, 2u, 0x0005), (10, 0, 9, 9u, 0x000D)],
            overrides.Select(o => (o.Length, (int)o.Bus, (int)o.Irq, o.Gsi, (int)o.Flags)));
    }

    [Fact]
    public void All_tables_lie_in_the_bios_area()
    {
        var (fadt, madt) = RsdtEntries();
        var f = Table(fadt, "FACP");
        foreach (uint a in new[] { _rsdp, fadt, madt, U32(f, 36), U32(f, 40) })
            Assert.InRange(a, 0xE0000u, 0xFFFFFu - 64);
    }

    [Fact]
    public void Write_refuses_an_unaligned_address_or_too_little_ram()
    {
        Assert.Contains("16-byte", Assert.Throws<ArgumentException>(() => AcpiTables.Write(_memory, address: 0xE0008)).Message);
        using var small = new PhysicalMemory(0x80000);
        Assert.Contains("RAM", Assert.Throws<ArgumentException>(() => AcpiTables.Write(small)).Message);
    }
}
