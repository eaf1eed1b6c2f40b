namespace CamkesVm.X86.Cpu;

/// <summary>
/// Code-page watch for the block cache: physical pages holding decoded blocks are kept out of the write TLB,
/// so every store this CPU makes to them takes the slow path, which raises attention and so ends the running
/// block after the storing instruction; the next block lookup then compares the cached bytes with memory.
/// A page stays watched once code ran from it (data stores to such a page are slower, never wrong).
/// </summary>
public sealed unsafe partial class Cpu
{
    private readonly byte[] _watchedPages = new byte[1 << 20];

    private bool IsCodePageWatched(uint phys) => _watchedPages[phys >> 12] != 0;

    private void OnPhysicalWrite(uint phys)
    {
        if (_watchedPages[phys >> 12] != 0) Attention();
    }

    /// <summary>Watches the physical page of the block at CS:<paramref name="eip"/>.</summary>
    private void WatchCodePage(uint eip)
    {
        uint? phys = TryTranslate(Seg((int)SegReg.CS).Base + eip);
        if (phys is not { } pa || _watchedPages[pa >> 12] != 0) return;
        _watchedPages[pa >> 12] = 1;
        byte* page = Memory.HostPage(pa);
        for (int i = 0; i < 2 * TlbSize; i++)                // drop write entries that reach the page
            if (_tlbWriteTag[i] != NoTag && (byte*)(_tlbAddend[i] + (nint)_tlbWriteTag[i]) == page)
                _tlbWriteTag[i] = NoTag;
    }
}
