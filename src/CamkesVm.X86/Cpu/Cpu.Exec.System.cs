namespace CamkesVm.X86.Cpu;

/// <summary>
/// System instructions: groups 6 and 7 (SLDT STR LLDT LTR VERR VERW; SGDT SIDT LGDT LIDT SMSW LMSW INVLPG,
/// VMCALL/VMMCALL), LAR/LSL, ARPL, CLTS and MOV to/from control registers (Intel SDM Vol. 2; Vol. 3A 2.5).
/// </summary>
public sealed unsafe partial class Cpu
{
    private void RequireProtectedMode()
    {
        if (!ProtectedMode || V86Mode) Fault(Vector.UD);
    }

    private void Group6(ref Insn d)
    {
        RequireProtectedMode();
        switch (d.Reg)
        {
            case 0: StoreSelector(ref d, Ldtr.Selector); return;
            case 1: StoreSelector(ref d, Tr.Selector); return;
            case 2: RequireCpl0(); Lldt((ushort)ReadRm(ref d, 2)); return;
            case 3: RequireCpl0(); Ltr((ushort)ReadRm(ref d, 2)); return;
            case 4: case 5: Verify(ref d, write: d.Reg == 5); return;
            default: Fault(Vector.UD); return;
        }
    }

    private void StoreSelector(ref Insn d, ushort sel)
    {
        if (d.IsReg) SetReg(d.Rm, sel, d.OpSize);
        else WriteMem(d.Seg, EffectiveAddress(ref d), sel, 2);
    }

    private void Lldt(ushort sel)
    {
        uint err = (uint)(sel & 0xFFFC);
        if (err == 0)
        {
            Ldtr = new SegmentCache { Selector = sel };
            Ldtr.Refresh(false);
            return;
        }
        if ((sel & 4) != 0) Fault(Vector.GP, err);
        if (!ReadDescriptor(sel, out var desc)) Fault(Vector.GP, err);
        if (!desc.IsSystem || desc.Type != 2) Fault(Vector.GP, err);
        if (!desc.Present) Fault(Vector.NP, err);
        Ldtr = desc.ToCache(sel);
        Ldtr.Rights |= 0x80;
    }

    private void Ltr(ushort sel)
    {
        uint err = (uint)(sel & 0xFFFC);
        if (err == 0) Fault(Vector.GP, 0);
        if ((sel & 4) != 0) Fault(Vector.GP, err);
        if (!ReadDescriptor(sel, out var desc)) Fault(Vector.GP, err);
        if (!desc.IsSystem || desc.Type is not (1 or 9)) Fault(Vector.GP, err);
        if (!desc.Present) Fault(Vector.NP, err);
        Tr = desc.ToCache(sel);
        Tr.Rights |= 0x2; // busy
        WriteSystem(Gdtr.Base + (uint)(sel & 0xFFF8) + 5, (desc.Hi >> 8 | 2) & 0xFF, 1);
    }

    /// <summary>VERR/VERW: ZF = 1 when the segment is readable/writable at the current privilege.</summary>
    private void Verify(ref Insn d, bool write)
    {
        ushort sel = (ushort)ReadRm(ref d, 2);
        bool ok = (sel & 0xFFFC) != 0 && ReadDescriptor(sel, out var desc) && !desc.IsSystem
            && (desc.IsConforming || (desc.Dpl >= _cpl && desc.Dpl >= (sel & 3)))
            && (write ? desc.IsWritableData : desc.IsReadable);
        SetZeroFlag(ok);
    }

    private void SetZeroFlag(bool zf)
    {
        MaterializeFlags();
        _flags = zf ? _flags | Flags.ZF : _flags & ~Flags.ZF;
    }

    /// <summary>LAR/LSL shared checks: which descriptors are visible at the current privilege (SDM "LAR", "LSL").</summary>
    private bool DescriptorVisible(ushort sel, bool forLar, out Descriptor desc)
    {
        desc = default;
        if ((sel & 0xFFFC) == 0 || !ReadDescriptor(sel, out desc)) return false;
        if (desc.IsSystem)
        {
            bool valid = desc.Type is 1 or 2 or 3 or 9 or 11 || (forLar && desc.Type is 4 or 5 or 12);
            return valid && desc.Dpl >= _cpl && desc.Dpl >= (sel & 3);
        }
        return desc.IsConforming || (desc.Dpl >= _cpl && desc.Dpl >= (sel & 3));
    }

    private void Lar(ref Insn d)
    {
        RequireProtectedMode();
        bool ok = DescriptorVisible((ushort)ReadRm(ref d, 2), forLar: true, out var desc);
        if (ok) SetReg(d.Reg, desc.Hi & 0x00F0_FF00, d.OpSize);
        SetZeroFlag(ok);
    }

    private void Lsl(ref Insn d)
    {
        RequireProtectedMode();
        bool ok = DescriptorVisible((ushort)ReadRm(ref d, 2), forLar: false, out var desc);
        if (ok) SetReg(d.Reg, desc.Limit, d.OpSize);
        SetZeroFlag(ok);
    }

    /// <summary>ARPL: raises the RPL of the destination selector to the source's; ZF tells whether it changed.</summary>
    private void Arpl(ref Insn d)
    {
        RequireProtectedMode();
        uint src = GetReg(d.Reg, 2);
        uint lin = 0;
        uint dst = d.IsReg ? GetReg(d.Rm, 2) : ReadLin16(lin = RmwLinear(ref d, 2));
        bool adjust = (dst & 3) < (src & 3);
        if (adjust)
        {
            dst = (dst & ~3u) | (src & 3);
            if (d.IsReg) SetReg(d.Rm, dst, 2);
            else WriteLin16(lin, (ushort)dst);
        }
        SetZeroFlag(adjust);
    }

    private void Group7(ref Insn d)
    {
        if (d.IsReg)
        {
            Group7Register(ref d);
            return;
        }
        uint ea = EffectiveAddress(ref d);
        uint ea2 = d.A32 ? ea + 2 : (ea + 2) & 0xFFFF;
        switch (d.Reg)
        {
            case 0: case 1:
            {
                var t = d.Reg == 0 ? Gdtr : Idtr;
                WriteMem(d.Seg, ea, t.Limit, 2);
                WriteMem(d.Seg, ea2, t.Base, 4); // P6: the full base at either operand size
                return;
            }
            case 2: case 3:
            {
                RequireCpl0();
                ushort limit = (ushort)ReadMem(d.Seg, ea, 2);
                uint b = ReadMem(d.Seg, ea2, 4);
                if (!d.O32) b &= 0x00FF_FFFF;
                if (d.Reg == 2) Gdtr = new(b, limit);
                else Idtr = new(b, limit);
                return;
            }
            case 4: WriteMem(d.Seg, ea, _cr0, 2); return;
            case 6: Lmsw((ushort)ReadMem(d.Seg, ea, 2)); return;
            case 7: RequireCpl0(); FlushTlbPage(ReadLinearUnchecked(d.Seg, ea)); return;
            default: Fault(Vector.UD); return;
        }
    }

    private uint ReadLinearUnchecked(int seg, uint offset) => Seg(seg).Base + offset;

    private void Group7Register(ref Insn d)
    {
        switch (d.Reg, d.Rm)
        {
            case (0, 1): case (3, 1): Hypercall(); return;   // VMCALL 0F 01 C1, VMMCALL 0F 01 D9
            case (4, _): SetReg(d.Rm, _cr0, d.OpSize); return;
            case (6, _): Lmsw((ushort)GetReg(d.Rm, 2)); return;
            default: Fault(Vector.UD); return;
        }
    }

    private void Hypercall() => StopWith(ExitReason.Hypercall);

    /// <summary>LMSW: loads CR0 bits 0–3; it can set PE but never clear it.</summary>
    private void Lmsw(ushort value)
    {
        RequireCpl0();
        uint cr0 = (_cr0 & ~0xEu) | (value & 0xFu) | (_cr0 & CrBits.PE);
        WriteCr0(cr0);
    }

    private void Clts()
    {
        RequireCpl0();
        _cr0 &= ~CrBits.TS;
    }

    private void MovFromControl(ref Insn d)
    {
        RequireCpl0();
        uint v = d.Reg switch { 0 => _cr0, 2 => _cr2, 3 => _cr3, 4 => _cr4, _ => UndefinedControl() };
        _r[d.Rm] = v;
    }

    private uint UndefinedControl()
    {
        Fault(Vector.UD);
        return 0;
    }

    private void MovToControl(ref Insn d)
    {
        RequireCpl0();
        uint v = _r[d.Rm];
        switch (d.Reg)
        {
            case 0: WriteCr0(v); return;
            case 2: _cr2 = v; return;
            case 3: _cr3 = v; FlushTlb(global: false); return;
            case 4: WriteCr4(v); return;
            default: Fault(Vector.UD); return;
        }
    }

    private const uint Cr4Supported = CrBits.TSD | CrBits.DE | CrBits.PSE | CrBits.PGE | CrBits.PCE;

    private void WriteCr0(uint value)
    {
        if ((value & CrBits.PG) != 0 && (value & CrBits.PE) == 0) Fault(Vector.GP, 0);
        if ((value & CrBits.NW) != 0 && (value & CrBits.CD) == 0) Fault(Vector.GP, 0);
        uint old = _cr0;
        _cr0 = value | CrBits.ET;
        if (((old ^ _cr0) & (CrBits.PG | CrBits.WP | CrBits.PE)) != 0) FlushTlb(global: true);
        if (((old ^ _cr0) & (CrBits.PE | CrBits.AM)) != 0) OnModeChanged();
    }

    private void WriteCr4(uint value)
    {
        if ((value & ~Cr4Supported) != 0) Fault(Vector.GP, 0);
        uint old = _cr4;
        _cr4 = value;
        if (((old ^ value) & (CrBits.PSE | CrBits.PGE)) != 0) FlushTlb(global: true);
        if (((old ^ value) & CrBits.DE) != 0) ArmBreakpoints();
    }
}
