namespace CamkesVm.X86.Cpu;

/// <summary>
/// Bulk REP MOVS and REP STOS (Intel SDM Vol. 2, "REP/REPE/REPNE", "MOVS", "STOS"; Vol. 1, 7.3.9.1): with
/// 32-bit addressing and DF = 0 the iterations that fall in the current source and destination pages are done
/// as one host copy or fill, and ESI/EDI/ECX are updated after each such run, so a fault on the next page
/// leaves the same restartable state as element-by-element execution. Between runs a pending event (interrupt,
/// exit request) is let in: EIP is left on the instruction, which resumes with the remaining count, as the
/// SDM allows after any iteration. Everything else — DF = 1, 16-bit addressing, MMIO, a destination that
/// overlaps the source ahead of it, data breakpoints or alignment checking (the slow TLB bank), elements
/// crossing a page — takes the element-by-element path of Cpu.Exec.String.cs.
/// </summary>
public sealed unsafe partial class Cpu
{
    private void RepMovs(ref Insn d)
    {
        int size = ByteOrV(ref d, d.Op);
        ref var srcSeg = ref Seg(d.Seg);
        ref var es = ref Seg((int)SegReg.ES);
        while (_r[1] != 0 && CanRunBulk())
        {
            uint src = _r[SI], dst = _r[DI];
            uint count = Math.Min(_r[1], Math.Min(ElementsInPage(srcSeg.Base + src, size), ElementsInPage(es.Base + dst, size)));
            int bytes = (int)count * size;
            if (count == 0) MovsElement(this, d);            // an element crossing a page
            else
            {
                if (!srcSeg.CanRead || !srcSeg.InLimit(src, bytes) || !es.CanWrite || !es.InLimit(dst, bytes)) break;
                byte* from = ReadableHost(srcSeg.Base + src);
                if (from == null) break;
                byte* to = WritableHost(es.Base + dst, out bool watched);
                if (to == null || (to > from && to < from + bytes)) break;
                Buffer.MemoryCopy(from, to, bytes, bytes);
                _r[SI] = src + (uint)bytes;
                _r[DI] = dst + (uint)bytes;
                if (watched) Attention();
            }
            _r[1] -= Math.Max(count, 1);
            if (YieldBetweenIterations()) return;
        }
        Movs(ref d);
    }

    private void RepStos(ref Insn d)
    {
        int size = ByteOrV(ref d, d.Op);
        uint value = GetReg(0, size);
        ref var es = ref Seg((int)SegReg.ES);
        while (_r[1] != 0 && CanRunBulk())
        {
            uint dst = _r[DI];
            uint count = Math.Min(_r[1], ElementsInPage(es.Base + dst, size));
            int bytes = (int)count * size;
            if (count == 0) StosElement(this, d);            // an element crossing a page
            else
            {
                if (!es.CanWrite || !es.InLimit(dst, bytes)) break;
                byte* to = WritableHost(es.Base + dst, out bool watched);
                if (to == null) break;
                Fill(to, value, size, count);
                _r[DI] = dst + (uint)bytes;
                if (watched) Attention();
            }
            _r[1] -= Math.Max(count, 1);
            if (YieldBetweenIterations()) return;
        }
        Stos(ref d);
    }

    private static void Fill(byte* to, uint value, int size, uint count)
    {
        if (size == 1) new Span<byte>(to, (int)count).Fill((byte)value);
        else if (size == 2) new Span<ushort>(to, (int)count).Fill((ushort)value);
        else new Span<uint>(to, (int)count).Fill(value);
    }

    private bool CanRunBulk() => (_flags & Flags.DF) == 0 && _mmu != SlowBank;

    /// <summary>Whole elements from linear address <paramref name="lin"/> to the end of its page.</summary>
    private static uint ElementsInPage(uint lin, int size) => (0x1000 - (lin & 0xFFF)) / (uint)size;

    /// <summary>After a bulk run with iterations left: stop here if an event is pending, so it is taken first.</summary>
    private bool YieldBetweenIterations()
    {
        if (!_attention || _r[1] == 0) return false;
        _eip = _insnStart;
        return true;
    }

    /// <summary>Host address for reading <paramref name="lin"/> (within one page), null for MMIO; may raise #PF.</summary>
    private byte* ReadableHost(uint lin)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbReadTag[i] == (lin & 0xFFFF_F000)) return (byte*)(_tlbAddend[i] + (nint)lin);
        byte* page = TranslateToHost(lin, Access.Read, _mmu, out _);
        return page == null ? null : page + (lin & 0xFFF);
    }

    /// <summary>Host address for writing <paramref name="lin"/> (within one page), null for MMIO; may raise #PF.</summary>
    private byte* WritableHost(uint lin, out bool codeWatched)
    {
        codeWatched = false;
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbWriteTag[i] == (lin & 0xFFFF_F000)) return (byte*)(_tlbAddend[i] + (nint)lin);
        byte* page = TranslateToHost(lin, Access.Write, _mmu, out uint phys);
        if (page == null) return null;
        codeWatched = IsCodePageWatched(phys);
        return page + (lin & 0xFFF);
    }
}
