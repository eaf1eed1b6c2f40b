using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// The decoded-instruction cache. An entry is keyed by the host address of the instruction's first byte
/// (so by its physical address: linear aliases of one physical page share entries, and a remapped linear
/// page misses) together with the CS default size (D bit), the only mode state the decoder reads.
/// An entry also keeps a copy of the instruction's bytes and is used only while memory still holds them,
/// so every kind of code modification is seen at the next fetch of the instruction: stores by this CPU
/// (self-modifying code, including a store into the very next instruction), stores through another
/// linear alias, DMA, loaders writing RAM directly. No write path needs to know about the cache.
/// CS-limit checks are repeated on every hit; instructions starting in the last 16 bytes of a page, and
/// code fetched from MMIO, are decoded each time.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int DecodeCacheBits = 14;
    private const int DecodeCacheMask = (1 << DecodeCacheBits) - 1;
    private const int CachedBytes = 16;    // bytes read to verify an entry; instructions are at most 15

    private struct CachedInsn
    {
        public nint Key;                   // host address << 1 | CS.D, 0 when empty
        public ulong Bytes0, Bytes1;       // instruction bytes 0–7 and 8–15
        public ulong Mask0, Mask1;         // which of those bytes belong to the instruction
        public Insn Insn;
    }

    private readonly CachedInsn[] _decodeCache = new CachedInsn[1 << DecodeCacheBits];

    /// <summary>
    /// Returns the decoded instruction at CS:<paramref name="eip"/>, from the cache when its bytes are unchanged,
    /// else decoded (into the cache, or into <paramref name="scratch"/> when it cannot be cached).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Insn DecodeCached(ref Insn scratch, uint eip)
    {
        ref var cs = ref Seg((int)SegReg.CS);
        uint lin = cs.Base + eip;
        uint off = lin & 0xFFF;
        if ((lin & 0xFFFF_F000) != _fetchPage || off > PhysicalPageSize - CachedBytes)
        {
            Decode(ref scratch, eip);
            return ref scratch;
        }
        byte* p = _fetchHost + off;
        nint key = ((nint)p << 1) | ((cs.Rights >> 14) & 1);
        ref var e = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_decodeCache),
            (int)(((nuint)p ^ ((nuint)p >> DecodeCacheBits)) & DecodeCacheMask));
        ulong w0 = Unsafe.ReadUnaligned<ulong>(p), w1 = Unsafe.ReadUnaligned<ulong>(p + 8);
        if (e.Key == key && (((w0 ^ e.Bytes0) & e.Mask0) | ((w1 ^ e.Bytes1) & e.Mask1)) == 0
            && (ulong)eip + e.Insn.Len <= (ulong)cs.HighOffset + 1)
            return ref e.Insn;
        return ref DecodeInto(ref e, key, p, eip);
    }

    private const uint PhysicalPageSize = 0x1000;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref Insn DecodeInto(ref CachedInsn e, nint key, byte* p, uint eip)
    {
        e.Key = 0;                          // a fault while decoding leaves the slot empty
        Decode(ref e.Insn, eip);
        int len = e.Insn.Len;
        e.Mask0 = len >= 8 ? ~0UL : (1UL << (8 * len)) - 1;
        e.Mask1 = len <= 8 ? 0 : (1UL << (8 * (len - 8))) - 1;
        e.Bytes0 = Unsafe.ReadUnaligned<ulong>(p) & e.Mask0;
        e.Bytes1 = Unsafe.ReadUnaligned<ulong>(p + 8) & e.Mask1;
        e.Key = key;
        return ref e.Insn;
    }
}
