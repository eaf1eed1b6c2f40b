namespace CamkesVm.X86.Cpu;

/// <summary>
/// Segment-register loads with the protected-mode checks of Intel SDM Vol. 2 "MOV"/"POP"/"LDS" and
/// Vol. 3A 5.5–5.8 (null selectors, types, privilege, presence), real- and virtual-8086-mode loads, and
/// descriptor-table access (GDT/LDT).
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>Reads the descriptor for <paramref name="sel"/>; false when it lies beyond the table limit.</summary>
    private bool ReadDescriptor(ushort sel, out Descriptor d)
    {
        uint index = (uint)(sel & 0xFFF8);
        uint tableBase, limit;
        if ((sel & 4) != 0)
        {
            if (!Ldtr.Present) { d = default; return false; }
            tableBase = Ldtr.Base;
            limit = Ldtr.Limit;
        }
        else
        {
            tableBase = Gdtr.Base;
            limit = Gdtr.Limit;
        }
        if (index + 7 > limit) { d = default; return false; }
        d = new Descriptor(ReadSystem(tableBase + index, 4), ReadSystem(tableBase + index + 4, 4));
        return true;
    }

    /// <summary>Sets the accessed bit in the descriptor table entry (SDM Vol. 3A, 3.4.5.1).</summary>
    private void MarkAccessed(ushort sel, Descriptor d)
    {
        if (d.Accessed) return;
        uint tableBase = (sel & 4) != 0 ? Ldtr.Base : Gdtr.Base;
        WriteSystem(tableBase + (uint)(sel & 0xFFF8) + 5, (d.Hi >> 8 | 1) & 0xFF, 1);
    }

    private void LoadSegment(int seg, ushort sel)
    {
        if (!ProtectedMode || V86Mode)
        {
            ref var s = ref Seg(seg);
            s.LoadReal(sel);
            if (V86Mode)
            {
                s.Limit = 0xFFFF;
                s.Rights = (ushort)(seg == (int)SegReg.CS ? 0xFB : 0xF3);
                s.Refresh(true);
            }
            ForceRealAccess(ref s);
            if (seg == (int)SegReg.CS) InvalidateFetch();
            return;
        }
        if (seg == (int)SegReg.SS) LoadStackSegment(sel);
        else LoadDataSegment(seg, sel);
    }

    private void LoadStackSegment(ushort sel)
    {
        uint err = (uint)(sel & 0xFFFC);
        if (err == 0) Fault(Vector.GP, 0);
        if (!ReadDescriptor(sel, out var d)) Fault(Vector.GP, err);
        if ((sel & 3) != _cpl || d.Dpl != _cpl || !d.IsWritableData) Fault(Vector.GP, err);
        if (!d.Present) Fault(Vector.SS, err);
        MarkAccessed(sel, d);
        Seg((int)SegReg.SS) = d.ToCache(sel);
    }

    private void LoadDataSegment(int seg, ushort sel)
    {
        uint err = (uint)(sel & 0xFFFC);
        if (err == 0)
        {
            LoadNullSegment(seg, sel);
            return;
        }
        if (!ReadDescriptor(sel, out var d)) Fault(Vector.GP, err);
        if (!d.IsReadable) Fault(Vector.GP, err);
        if (!d.IsConforming && ((sel & 3) > d.Dpl || _cpl > d.Dpl)) Fault(Vector.GP, err);
        if (!d.Present) Fault(Vector.NP, err);
        MarkAccessed(sel, d);
        Seg(seg) = d.ToCache(sel);
    }

    /// <summary>A null selector in DS/ES/FS/GS: loading is fine, any later access faults (#GP(0)).</summary>
    private void LoadNullSegment(int seg, ushort sel = 0)
    {
        ref var s = ref Seg(seg);
        s.Selector = sel;
        s.Base = 0;
        s.Limit = 0;
        s.Rights = 0;
        s.Refresh(false);
    }

    /// <summary>In real and virtual-8086 mode only the limit is checked; the access rights do not restrict use.</summary>
    private static void ForceRealAccess(ref SegmentCache s)
    {
        s.CanRead = true;
        s.CanWrite = true;
        if (s.HighOffset < s.LowOffset) { s.LowOffset = 0; s.HighOffset = s.Limit; }
        s.DeriveAccessEnds();
    }

    /// <summary>Loads CS from a checked descriptor and switches to privilege level <paramref name="cpl"/>.</summary>
    private void LoadCs(Descriptor d, ushort sel, int cpl)
    {
        ushort rpl = (ushort)((sel & 0xFFFC) | cpl);
        MarkAccessed(sel, d);
        Seg((int)SegReg.CS) = d.ToCache(rpl);
        _cpl = cpl;
        UpdateMmuMode();
    }

    /// <summary>Recomputes CPL-dependent state after CR0.PE or EFLAGS.VM changed.</summary>
    private void OnModeChanged()
    {
        if (!ProtectedMode) _cpl = 0;
        else if (V86Mode) _cpl = 3;
        UpdateMmuMode();
    }

    /// <summary>After a return to an outer level, data segments the new CPL may not use become null (SDM "RET").</summary>
    private void NullifyInaccessibleSegments()
    {
        foreach (int seg in (ReadOnlySpan<int>)[(int)SegReg.ES, (int)SegReg.DS, (int)SegReg.FS, (int)SegReg.GS])
        {
            ref var s = ref Seg(seg);
            bool dataOrNonConforming = s.IsCodeOrData && (!s.IsCode || (s.Rights & 4) == 0);
            if (dataOrNonConforming && s.Dpl < _cpl) LoadNullSegment(seg);
        }
    }
}
