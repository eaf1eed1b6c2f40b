using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Devices.Storage.Ide;

/// <summary>
/// A Bus Master IDE Physical Region Descriptor table (SFF-8038i §3.1): 8-byte entries, DW0 buffer address (even),
/// DW1 bits 15:0 byte count (0 means 64 KiB), bit 31 end of table. The walk stops at 8192 entries (a 64 KiB table).
/// </summary>
internal sealed class BmidePrdTable(PhysicalMemory memory) : PrdTable(memory)
{
    private const int MaxEntries = 8192;
    private uint _table;
    private bool _lastWasEnd;

    /// <summary>Points at the table programmed in the PRD table register.</summary>
    public void Start(uint table)
    {
        _table = table;
        _lastWasEnd = false;
    }

    /// <summary>True when the table had entries beyond the data moved (the bus master then stays active, SFF-8038i §2.1.2).</summary>
    public bool HasMore => !_lastWasEnd || RemainingInEntry;

    protected override bool ReadEntry(int index, out uint address, out uint bytes, out bool last)
    {
        if (index >= MaxEntries) { address = bytes = 0; last = true; return false; }
        uint entry = _table + (uint)(index * 8);
        address = GuestDma.ReadUInt32(Memory, entry) & ~1u;
        uint dw1 = GuestDma.ReadUInt32(Memory, entry + 4);
        bytes = (dw1 & 0xFFFF) == 0 ? 0x1_0000 : dw1 & 0xFFFE;
        last = (dw1 & 0x8000_0000) != 0;
        _lastWasEnd = last;
        return true;
    }
}
