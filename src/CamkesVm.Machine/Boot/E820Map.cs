using System.Buffers.Binary;

namespace CamkesVm.Machine.Boot;

/// <summary>
/// The BIOS E820 memory map handed to the guest (ACPI spec, "System Address Map Interfaces"; Linux
/// Documentation/arch/x86/zero-page.rst: 20-byte entries {u64 addr, u64 size, u32 type}).
/// </summary>
public sealed class E820Map
{
    /// <summary>Entry types.</summary>
    public const uint Ram = 1, Reserved = 2, AcpiReclaimable = 3;

    private readonly List<(ulong Address, ulong Size, uint Type)> _entries = [];

    /// <summary>The entries in order of address.</summary>
    public IReadOnlyList<(ulong Address, ulong Size, uint Type)> Entries => _entries;

    /// <summary>Adds a region.</summary>
    public E820Map Add(ulong address, ulong size, uint type)
    {
        _entries.Add((address, size, type));
        _entries.Sort((a, b) => a.Address.CompareTo(b.Address));
        return this;
    }

    /// <summary>
    /// The map of a PC with <paramref name="ramBytes"/> of RAM at 0 (as QEMU's pc machine describes its RAM):
    /// conventional memory below the EBDA, the VGA/BIOS hole reserved, extended memory from 1 MiB.
    /// </summary>
    public static E820Map ForPc(uint ramBytes) => new E820Map()
        .Add(0, PcMemoryMap.EbdaStart, Ram)
        .Add(PcMemoryMap.EbdaStart, PcMemoryMap.VgaStart - PcMemoryMap.EbdaStart, Reserved)
        .Add(PcMemoryMap.BiosStart, PcMemoryMap.HighMemoryStart - PcMemoryMap.BiosStart, Reserved)
        .Add(PcMemoryMap.HighMemoryStart, ramBytes - PcMemoryMap.HighMemoryStart, Ram);

    /// <summary>Writes the entries in the zero-page layout; returns the number written.</summary>
    public int WriteTo(Span<byte> table)
    {
        int n = 0;
        foreach (var (a, s, t) in _entries)
        {
            var e = table.Slice(n * 20, 20);
            BinaryPrimitives.WriteUInt64LittleEndian(e, a);
            BinaryPrimitives.WriteUInt64LittleEndian(e[8..], s);
            BinaryPrimitives.WriteUInt32LittleEndian(e[16..], t);
            n++;
        }
        return n;
    }
}
