using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Devices.Storage.Ahci;

/// <summary>
/// The Physical Region Descriptor Table of an AHCI command table (AHCI 1.3 §4.2.3.3): PRDTL entries of 16 bytes,
/// DW0 data base address (word aligned), DW3 bits 21:0 byte count minus one (bit 0 always set: even counts).
/// </summary>
internal sealed class AhciPrdt(PhysicalMemory memory) : PrdTable(memory)
{
    private uint _table;
    private int _entries;

    /// <summary>Points at the table of the command being run.</summary>
    public void Start(uint table, int entries)
    {
        _table = table;
        _entries = entries;
    }

    protected override bool ReadEntry(int index, out uint address, out uint bytes, out bool last)
    {
        last = index + 1 >= _entries;
        if (index >= _entries) { address = bytes = 0; return false; }
        uint entry = _table + (uint)(index * 16);
        address = GuestDma.ReadUInt32(Memory, entry) & ~1u;
        bytes = (GuestDma.ReadUInt32(Memory, entry + 12) & 0x3F_FFFF) + 1;
        bytes = (bytes + 1) & ~1u;
        return true;
    }
}
