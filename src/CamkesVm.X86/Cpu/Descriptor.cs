namespace CamkesVm.X86.Cpu;

/// <summary>A segment or gate descriptor as stored in the GDT/LDT (Intel SDM Vol. 3A, 3.4.5, Figure 3-8).</summary>
internal readonly record struct Descriptor(uint Lo, uint Hi)
{
    public uint Base => (Lo >> 16) | ((Hi & 0xFF) << 16) | (Hi & 0xFF00_0000);

    /// <summary>Byte-granular limit (G scales by 4 KiB).</summary>
    public uint Limit
    {
        get
        {
            uint raw = (Lo & 0xFFFF) | (Hi & 0x000F_0000);
            return (Hi & 0x0080_0000) != 0 ? (raw << 12) | 0xFFF : raw;
        }
    }

    /// <summary>Access rights in <see cref="SegmentCache.Rights"/> layout.</summary>
    public ushort Rights => (ushort)(((Hi >> 8) & 0xFF) | ((Hi >> 8) & 0xF000));

    public int Type => (int)(Hi >> 8) & 0xF;
    public int Dpl => (int)(Hi >> 13) & 3;
    public bool Present => (Hi & 0x8000) != 0;
    public bool IsSystem => (Hi & 0x1000) == 0;
    public bool IsCode => (Hi & 0x1800) == 0x1800;
    public bool IsData => (Hi & 0x1800) == 0x1000;
    public bool IsConforming => IsCode && (Hi & 0x400) != 0;
    public bool IsReadable => IsData || (IsCode && (Hi & 0x200) != 0);
    public bool IsWritableData => IsData && (Hi & 0x200) != 0;
    public bool Accessed => (Hi & 0x100) != 0;

    /// <summary>The descriptor cache a segment register holds after loading <paramref name="selector"/>.</summary>
    public SegmentCache ToCache(ushort selector)
    {
        var c = new SegmentCache { Selector = selector, Base = Base, Limit = Limit, Rights = Rights };
        c.Refresh(true);
        return c;
    }
}
