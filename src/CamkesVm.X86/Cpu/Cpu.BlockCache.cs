using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// The decoded-block cache, two-way set associative (in a direct-mapped cache, a hot path of a few hundred blocks
/// had dozens that collided and were rebuilt on every pass). A block is a run of up to
/// <see cref="MaxBlockInsns"/> instructions decoded in sequence from one 4 KiB page; it is keyed by the host address of its first byte (so by physical address:
/// linear aliases of a page share blocks, a remapped linear page misses), the CS default size (D bit), the
/// only mode state the decoder reads, and the starting EIP (the handlers use absolute EIPs). A block keeps a copy of its bytes and is used only while memory
/// still holds them, so code changed by anyone — this CPU through any alias, DMA, a loader writing RAM —
/// is seen the next time the block is entered. Stores by this CPU into a page holding blocks also end the
/// running block at once (the pages are kept out of the write TLB, see Cpu.CodeWatch.cs), so even a store
/// into the next instruction is honoured. A block is left early when an instruction jumps, raises attention
/// (interrupt window, single-step, exits) or invalidates the fetch page (CS load, paging or TLB change).
/// Instructions starting in the last 15 bytes of a page and code fetched from MMIO are decoded each time.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int BlockSetBits = 11;                                  // 2048 sets of two ways
    private const int BlockSetMask = (1 << BlockSetBits) - 1;
    private const int MaxBlockInsns = 16;
    private const int MaxBlockBytes = 64;
    private const uint LastSafeStart = 0x1000 - MaxInstructionLength;   // an instruction starting here stays in the page

    [InlineArray(MaxBlockInsns)]
    private struct BlockInsns { private Insn _first; }

    [InlineArray(MaxBlockBytes)]
    private struct BlockBytes { private byte _first; }

    private struct Block
    {
        public nint Key;                   // host address << 1 | CS.D, 0 when empty
        public uint Eip;                   // CS offset of the first instruction (the handlers use absolute offsets)
        public int Count, ByteLength;
        public BlockBytes Bytes;
        public BlockInsns Insns;
    }

    private readonly Block[] _blocks = GC.AllocateArray<Block>(2 << BlockSetBits, pinned: true);   // pinned: _cur points in
    private readonly byte[] _blockVictim = new byte[1 << BlockSetBits];   // per set: the way the next new block takes

    /// <summary>
    /// The block starting at CS:<paramref name="eip"/>, verified against memory (built if needed), or a null
    /// pointer when the code there cannot be cached; then the caller decodes the instruction itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Block* FindBlock(uint eip)
    {
        ref var cs = ref Seg((int)SegReg.CS);
        uint lin = cs.Base + eip;
        uint off = lin & 0xFFF;
        if ((lin & 0xFFFF_F000) != _fetchPage && !RefillFetchPage(eip, lin) || off > LastSafeStart)
            return null;
        byte* p = _fetchHost + off;
        nint key = ((nint)p << 1) | ((cs.Rights >> 14) & 1);
        uint set = ((uint)(nuint)p ^ ((uint)(nuint)p >> BlockSetBits)) & BlockSetMask;
        ref var way0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_blocks), (int)(set * 2));
        if (Holds(ref way0, key, eip, p, cs.HighOffset)) return (Block*)Unsafe.AsPointer(ref way0);
        ref var way1 = ref Unsafe.Add(ref way0, 1);
        if (Holds(ref way1, key, eip, p, cs.HighOffset)) return (Block*)Unsafe.AsPointer(ref way1);
        return BuildBlock(ref Replaced(set, ref way0, key, eip), key, p, eip);
    }

    /// <summary>True when <paramref name="b"/> is the block for this start and memory still holds its bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds(ref Block b, nint key, uint eip, byte* p, uint csHighOffset) =>
        b.Key == key && b.Eip == eip && (ulong)eip + (uint)b.ByteLength <= (ulong)csHighOffset + 1
        && new ReadOnlySpan<byte>(p, b.ByteLength).SequenceEqual(MemoryMarshal.CreateReadOnlySpan(ref b.Bytes[0], b.ByteLength));

    /// <summary>
    /// The way of <paramref name="set"/> a new block goes to: the stale copy of the same block if there is one,
    /// else the older of the two (first in, first out; two ways make a conflict need three hot blocks in one set).
    /// </summary>
    private ref Block Replaced(uint set, ref Block way0, nint key, uint eip)
    {
        ref var way1 = ref Unsafe.Add(ref way0, 1);
        if (way0.Key == key && way0.Eip == eip) return ref way0;
        if (way1.Key == key && way1.Eip == eip) return ref way1;
        int victim = _blockVictim[set];
        _blockVictim[set] = (byte)(victim ^ 1);
        return ref victim == 0 ? ref way0 : ref way1;
    }

    /// <summary>Points the fetch page at the page of <paramref name="lin"/>; false for MMIO or beyond the CS limit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefillFetchPage(uint eip, uint lin)
    {
        if (eip > Seg((int)SegReg.CS).HighOffset) return false;   // the decoder raises #GP
        FetchSlow(lin);
        return (lin & 0xFFFF_F000) == _fetchPage;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Block* BuildBlock(ref Block b, nint key, byte* p, uint eip)
    {
        b.Key = 0;                                           // a fault while decoding leaves the slot empty
        ref Insn first = ref b.Insns[0];
        Decode(ref first, eip);                              // faults here belong to the instruction at eip
        uint off = (uint)(nuint)p & 0xFFF, total = first.Len;
        int count = 1;
        ulong csEnd = (ulong)Seg((int)SegReg.CS).HighOffset + 1;
        while (count < MaxBlockInsns && ContinuesBlock(ref Unsafe.Add(ref first, count - 1)))
        {
            // look ahead only where decoding cannot fault: inside the page and the CS limit
            if (off + total > LastSafeStart || eip + (ulong)total + MaxInstructionLength > csEnd) break;
            ref Insn next = ref Unsafe.Add(ref first, count);
            if (!TryDecode(ref next, eip + total) || total + next.Len > MaxBlockBytes) break;
            total += next.Len;
            count++;
        }
        if (total > MaxBlockBytes) return null;
        new ReadOnlySpan<byte>(p, (int)total).CopyTo(b.Bytes);
        uint at = eip;
        for (int k = 0; k < count; k++)
        {
            ref Insn d = ref Unsafe.Add(ref first, k);
            d.Eip = at;
            d.Next = at += d.Len;
            d.Run = HandlerFor(ref d);
        }
        b.Eip = eip;
        b.Count = count;
        b.ByteLength = (int)total;
        b.Key = key;
        WatchCodePage(eip);
        return (Block*)Unsafe.AsPointer(ref b);
    }

    private bool TryDecode(ref Insn d, uint eip)
    {
        try
        {
            Decode(ref d, eip);
            return true;
        }
        catch (CpuFault)
        {
            return false;                                    // e.g. over-long prefix run: decode it when reached
        }
    }

    /// <summary>False after instructions that end a block: unconditional control transfers and system instructions.</summary>
    private static bool ContinuesBlock(ref Insn d)
    {
        if (d.Fast != FastOp.None) return d.Fast is not (FastOp.Jmp or FastOp.Call or FastOp.Ret);
        int op = d.Op;
        if (op < 0x100)
            return op is not (0x9A or (>= 0xC2 and <= 0xCF) or (>= 0xE8 and <= 0xEB) or 0xF4 or 0xFF or 0x17 or 0x8E or 0x9D);
        return op is (>= 0x140 and <= 0x14F) or (>= 0x190 and <= 0x19F) or (>= 0x1A3 and <= 0x1A5) or (>= 0x1AB and <= 0x1AF)
            or (>= 0x1B0 and <= 0x1B1) or (>= 0x1B3 and <= 0x1B7) or (>= 0x1BA and <= 0x1BF) or 0x1C0 or 0x1C1 or (>= 0x1C8 and <= 0x1CF);
    }

    /// <summary>
    /// Runs the instructions of a verified block from its start; returns the updated retired count. Each
    /// instruction is one call of its handler; EIP and the count are stored when the block is left (see
    /// Cpu.FastHandlers.cs for how they are derived meanwhile). A jump back to the block's own start (a loop)
    /// runs it again without another lookup: nothing can have changed its bytes unseen, since a store by this
    /// CPU to a code page raises attention, and other writers (DMA, the host) are seen at the next entry from
    /// the run loop, as cross-modifying code needs serialization on x86.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]   // own frame: the loop in registers
    private long RunBlock(Block* b, long count)
    {
        _curPage = _fetchPage;
        _curFirst = (Insn*)&b->Insns;
        InstructionCount = _curPassCount = count;
        Insn* d = (Insn*)&b->Insns;
        Insn* end = d + (_limit - count < b->Count ? (int)(_limit - count) : b->Count);
        while (true)
        {
            _cur = d;
            if (d->Run(this, d))                          // true: no attention raised, go on (Cpu.FastHandlers.cs)
            {
                d++;
                if (d < end) continue;
                _eip = d[-1].Next;                       // the end of the block or of the budget
                break;
            }
            d++;
            Insn* first = (Insn*)&b->Insns;
            if (_eip != first->Eip || _attention || _fetchPage != _curPage) break;
            count = _curPassCount + (d - first);
            if (count >= _limit) break;
            InstructionCount = _curPassCount = count;    // a jump back to the block's start: the next pass
            d = first;
            end = d + (_limit - count < b->Count ? (int)(_limit - count) : b->Count);
        }
        _cur = null;
        return _curPassCount + (d - (Insn*)&b->Insns);
    }
}
