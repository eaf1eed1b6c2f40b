using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// A segment register with its hidden descriptor cache (Intel SDM Vol. 3A, 3.4.3): selector, base,
/// byte-granular limit and access rights. <see cref="LowOffset"/>/<see cref="HighOffset"/> and the
/// <see cref="CanRead"/>/<see cref="CanWrite"/> bits are derived once at load time so each memory
/// access needs only two compares.
/// </summary>
public struct SegmentCache
{
    /// <summary>Visible selector.</summary>
    public ushort Selector;
    /// <summary>Linear base address.</summary>
    public uint Base;
    /// <summary>Byte-granular limit (already scaled by G).</summary>
    public uint Limit;
    /// <summary>
    /// Access rights in the layout of descriptor bits 40–55: type[3:0], S[4], DPL[6:5], P[7], AVL[12], D/B[14], G[15].
    /// </summary>
    public ushort Rights;
    /// <summary>Lowest valid offset (limit+1 for expand-down data segments, else 0).</summary>
    public uint LowOffset;
    /// <summary>Highest valid offset.</summary>
    public uint HighOffset;
    /// <summary>Data reads allowed (readable code or any data segment, present, not null).</summary>
    public bool CanRead;
    /// <summary>Data writes allowed (writable data segment, present, not null).</summary>
    public bool CanWrite;
    /// <summary>Highest offset a data read may touch: <see cref="HighOffset"/>, or −1 when reads are not allowed.</summary>
    public long ReadEnd;
    /// <summary>Highest offset a data write may touch: <see cref="HighOffset"/>, or −1 when writes are not allowed.</summary>
    public long WriteEnd;

    /// <summary>Descriptor type field (bits 3:0 of <see cref="Rights"/>).</summary>
    public readonly int Type => Rights & 0xF;
    /// <summary>Descriptor privilege level.</summary>
    public readonly int Dpl => (Rights >> 5) & 3;
    /// <summary>Present bit.</summary>
    public readonly bool Present => (Rights & 0x80) != 0;
    /// <summary>Code or data (S=1) rather than system.</summary>
    public readonly bool IsCodeOrData => (Rights & 0x10) != 0;
    /// <summary>Code segment (S=1, type bit 3).</summary>
    public readonly bool IsCode => (Rights & 0x18) == 0x18;
    /// <summary>Default operand/address size is 32 bits (D/B).</summary>
    public readonly bool Big => (Rights & 0x4000) != 0;

    /// <summary>Recomputes the derived access-check fields after Base/Limit/Rights changed.</summary>
    public void Refresh(bool usable)
    {
        bool data = (Rights & 0x18) == 0x10;
        bool expandDown = data && (Rights & 0x4) != 0;
        if (expandDown)
        {
            LowOffset = Limit + 1;
            HighOffset = Big ? 0xFFFF_FFFFu : 0xFFFFu;
            if (LowOffset == 0) { HighOffset = 0; LowOffset = 1; } // limit = max: empty segment
        }
        else
        {
            LowOffset = 0;
            HighOffset = Limit;
        }
        usable &= Present && IsCodeOrData;
        CanRead = usable && (data || (Rights & 0x2) != 0);
        CanWrite = usable && data && (Rights & 0x2) != 0;
        DeriveAccessEnds();
    }

    /// <summary>Recomputes <see cref="ReadEnd"/>/<see cref="WriteEnd"/> after the rights or offsets changed.</summary>
    public void DeriveAccessEnds()
    {
        ReadEnd = CanRead ? HighOffset : -1;
        WriteEnd = CanWrite ? HighOffset : -1;
    }

    /// <summary>True when a data read of <paramref name="size"/> bytes at <paramref name="offset"/> is allowed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool CanReadAt(uint offset, int size) => offset >= LowOffset && (long)offset + (size - 1) <= ReadEnd;

    /// <summary>True when a data write of <paramref name="size"/> bytes at <paramref name="offset"/> is allowed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool CanWriteAt(uint offset, int size) => offset >= LowOffset && (long)offset + (size - 1) <= WriteEnd;

    /// <summary>True when an access of <paramref name="size"/> bytes at <paramref name="offset"/> is within the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool InLimit(uint offset, int size) =>
        offset >= LowOffset && (ulong)offset + (uint)(size - 1) <= HighOffset;

    /// <summary>Real-mode/V86 load: base = selector × 16, limit and rights keep their cached values.</summary>
    public void LoadReal(ushort selector)
    {
        Selector = selector;
        Base = (uint)selector << 4;
    }
}
