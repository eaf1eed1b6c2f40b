using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Linear-to-physical translation (Intel SDM Vol. 3A, 4.3 "32-bit paging") with a software TLB.
/// The TLB is direct-mapped and tagged, with one bank for supervisor and one for user accesses; an
/// entry holds the host address of the page (as an addend), so a hit is a compare and a load.
/// A third bank is never filled: selecting it (alignment checking at CPL3, data breakpoints) sends
/// every access through the slow path at no cost to the normal case.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int TlbBits = 10;
    private const int TlbSize = 1 << TlbBits;
    private const int TlbMask = TlbSize - 1;
    private const int SupervisorBank = 0, UserBank = TlbSize, SlowBank = 2 * TlbSize;
    private const uint NoTag = 1;

    private uint* _tlbReadTag, _tlbWriteTag;
    private nint* _tlbAddend;
    private bool* _tlbGlobal;
    private int _mmu;          // bank for data accesses
    private int _fetchMmu;     // bank for instruction fetches
    private long _memGeneration = -1;

    private void InitTlb()
    {
        const int n = 3 * TlbSize;
        _tlbReadTag = (uint*)NativeMemory.Alloc(n, sizeof(uint));
        _tlbWriteTag = (uint*)NativeMemory.Alloc(n, sizeof(uint));
        _tlbAddend = (nint*)NativeMemory.AllocZeroed(n, (nuint)sizeof(nint));
        _tlbGlobal = (bool*)NativeMemory.AllocZeroed(n, 1);
        new Span<uint>(_tlbReadTag, n).Fill(NoTag);
        new Span<uint>(_tlbWriteTag, n).Fill(NoTag);
    }

    /// <summary>Drops TLB entries: all of them, or all but global pages (MOV CR3 with CR4.PGE).</summary>
    public void FlushTlb(bool global)
    {
        for (int i = 0; i < 2 * TlbSize; i++)
        {
            if (!global && _tlbGlobal[i]) continue;
            _tlbReadTag[i] = NoTag;
            _tlbWriteTag[i] = NoTag;
            _tlbGlobal[i] = false;
        }
        _memGeneration = Memory.Generation;
        InvalidateFetch();
    }

    /// <summary>INVLPG: drops the entries for one linear page in both banks.</summary>
    private void FlushTlbPage(uint linear)
    {
        int i = (int)(linear >> 12) & TlbMask;
        for (int bank = 0; bank <= UserBank; bank += TlbSize)
        {
            _tlbReadTag[bank + i] = NoTag;
            _tlbWriteTag[bank + i] = NoTag;
            _tlbGlobal[bank + i] = false;
        }
        InvalidateFetch();
    }

    /// <summary>Chooses the TLB banks for the current CPL and checking modes.</summary>
    private void UpdateMmuMode()
    {
        _fetchMmu = _cpl == 3 ? UserBank : SupervisorBank;
        bool alignCheck = _cpl == 3 && (_cr0 & CrBits.AM) != 0 && (_flags & Flags.AC) != 0;
        _mmu = alignCheck || _dataBreakpointsArmed ? SlowBank : _fetchMmu;
        InvalidateFetch();
    }

    [Flags]
    private enum Access { Read = 0, Write = 1, Execute = 2 }

    /// <summary>
    /// Translates a linear address, raising #PF on failure and setting accessed/dirty bits. Returns the
    /// physical address; <paramref name="writable"/> and <paramref name="global"/> tell whether a TLB entry
    /// may allow writes and survive CR3 loads.
    /// </summary>
    private uint Translate(uint linear, Access access, bool user, out bool writable, out bool global)
    {
        if ((_cr0 & CrBits.PG) == 0)
        {
            writable = true;
            global = false;
            return linear;
        }
        bool write = (access & Access.Write) != 0;
        uint pdeAddr = (_cr3 & 0xFFFF_F000) | ((linear >> 20) & 0xFFC);
        uint pde = ReadPhys32(pdeAddr);
        if ((pde & 1) == 0) PageFault(linear, write, user, present: false);
        bool large = (pde & 0x80) != 0 && (_cr4 & CrBits.PSE) != 0;
        uint entry, entryAddr, rights, phys;
        if (large)
        {
            entry = pde;
            entryAddr = pdeAddr;
            rights = pde;
            phys = (pde & 0xFFC0_0000) | (linear & 0x003F_FFFF);
        }
        else
        {
            entryAddr = (pde & 0xFFFF_F000) | ((linear >> 10) & 0xFFC);
            entry = ReadPhys32(entryAddr);
            if ((entry & 1) == 0) PageFault(linear, write, user, present: false);
            rights = pde & entry;
            phys = (entry & 0xFFFF_F000) | (linear & 0xFFF);
        }
        bool rw = (rights & 2) != 0, us = (rights & 4) != 0;
        if (user && !us) PageFault(linear, write, user, present: true);
        bool canWrite = user ? rw : rw || (_cr0 & CrBits.WP) == 0;
        if (write && !canWrite) PageFault(linear, write, user, present: true);
        if (!large && (pde & 0x20) == 0) WritePhys32(pdeAddr, pde | 0x20);
        uint updated = entry | 0x20 | (write ? 0x40u : 0);
        if (updated != entry) WritePhys32(entryAddr, updated);
        writable = canWrite && (updated & 0x40) != 0;
        global = (entry & 0x100) != 0 && (_cr4 & CrBits.PGE) != 0;
        return phys;
    }

    private void PageFault(uint linear, bool write, bool user, bool present)
    {
        _cr2 = linear;
        uint code = (present ? 1u : 0) | (write ? 2u : 0) | (user ? 4u : 0);
        Fault(Vector.PF, code);
    }

    /// <summary>Translates and returns the host pointer of the page (null for MMIO), filling the TLB if allowed.</summary>
    private byte* TranslateToHost(uint linear, Access access, int bank, out uint phys)
    {
        if (Memory.Generation != _memGeneration) FlushTlb(global: true);
        bool user = bank == UserBank || (bank == SlowBank && _cpl == 3);
        phys = Translate(linear, access, user, out bool writable, out bool global);
        byte* host = Memory.HostPage(phys);
        if (host == null || bank == SlowBank) return host;
        int i = bank + ((int)(linear >> 12) & TlbMask);
        uint tag = linear & 0xFFFF_F000;
        _tlbReadTag[i] = tag;
        _tlbWriteTag[i] = writable && !IsCodePageWatched(phys) ? tag : NoTag;
        _tlbAddend[i] = (nint)host - (nint)tag;
        _tlbGlobal[i] = global;
        return host;
    }

    private uint ReadPhys32(uint phys)
    {
        byte* host = Memory.HostPage(phys);
        if (host != null && (phys & 0xFFF) <= 0xFFC) return Unsafe.ReadUnaligned<uint>(host + (phys & 0xFFF));
        return Memory.Mmio.Read(phys, 4);
    }

    private void WritePhys32(uint phys, uint value)
    {
        byte* host = Memory.HostPage(phys);
        if (host != null && (phys & 0xFFF) <= 0xFFC) Unsafe.WriteUnaligned(host + (phys & 0xFFF), value);
        else Memory.Mmio.Write(phys, value, 4);
        OnPhysicalWrite(phys);
    }

    /// <summary>Translates a linear address for the embedding API (debuggers, loaders); null if not mapped.</summary>
    public uint? TryTranslate(uint linear)
    {
        if ((_cr0 & CrBits.PG) == 0) return linear;
        uint pde = ReadPhys32((_cr3 & 0xFFFF_F000) | ((linear >> 20) & 0xFFC));
        if ((pde & 1) == 0) return null;
        if ((pde & 0x80) != 0 && (_cr4 & CrBits.PSE) != 0) return (pde & 0xFFC0_0000) | (linear & 0x003F_FFFF);
        uint pte = ReadPhys32((pde & 0xFFFF_F000) | ((linear >> 10) & 0xFFC));
        return (pte & 1) == 0 ? null : (pte & 0xFFFF_F000) | (linear & 0xFFF);
    }
}
