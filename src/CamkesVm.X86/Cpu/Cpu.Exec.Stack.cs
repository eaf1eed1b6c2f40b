namespace CamkesVm.X86.Cpu;

/// <summary>
/// Stack instructions: PUSHA/POPA, PUSHF/POPF with the IOPL and VM rules, ENTER/LEAVE
/// (Intel SDM Vol. 2, "PUSHF", "POPF", "ENTER"; Vol. 3A, 20.2.7 for virtual-8086 mode).
/// </summary>
public sealed unsafe partial class Cpu
{
    private void Pusha(int s)
    {
        uint esp = _r[4];
        uint sp = StackIs32 ? esp : esp & 0xFFFF;
        for (int r = 0; r < 8; r++)
        {
            uint v = r == 4 ? esp : _r[r];
            uint addr = sp - (uint)(s * (r + 1));
            if (!StackIs32) addr &= 0xFFFF;
            WriteMem((int)SegReg.SS, addr, v, s);
        }
        AdjustStack(-8 * s);
    }

    private void Popa(int s)
    {
        Span<uint> v = stackalloc uint[8];
        for (int r = 0; r < 8; r++) v[7 - r] = PeekStack(s, (uint)(r * s));
        for (int r = 0; r < 8; r++)
            if (r != 4) SetReg(r, v[r], s);
        AdjustStack(8 * s);
    }

    private void Pushf(ref Insn d)
    {
        if (V86Mode && Iopl < 3) Fault(Vector.GP, 0);
        uint f = ReadEflags() & ~(Flags.VM | Flags.RF);
        Push(f, d.OpSize);
    }

    private int Iopl => (int)(_flags >> 12) & 3;

    private void Popf(ref Insn d)
    {
        if (V86Mode && Iopl < 3) Fault(Vector.GP, 0);
        uint v = PeekStack(d.OpSize);
        AdjustStack(d.OpSize);
        uint changeable = Flags.Arith | Flags.TF | Flags.DF | Flags.NT | Flags.AC | Flags.ID | Flags.IF | Flags.IOPL;
        if (ProtectedMode)
        {
            if (V86Mode || _cpl > 0) changeable &= ~Flags.IOPL;
            if (!V86Mode && _cpl > Iopl) changeable &= ~Flags.IF;
        }
        if (d.OpSize == 2) changeable &= 0xFFFF;
        SetFlagsMasked(v, changeable);
    }

    /// <summary>Replaces the EFLAGS bits in <paramref name="mask"/> (RF is cleared; VM/VIF/VIP only if in mask).</summary>
    private void SetFlagsMasked(uint value, uint mask)
    {
        uint cur = ReadEflags() & ~Flags.RF;
        WriteEflagsRaw((cur & ~mask) | (value & mask));
        UpdateMmuMode();
    }

    private void Enter(ref Insn d)
    {
        int s = d.OpSize;
        uint size = d.Imm & 0xFFFF;
        int level = (int)(d.Imm2 & 31);
        bool big = StackIs32;
        uint ebp = _r[5], esp = _r[4];
        uint frame = esp - (uint)s;
        // All stack writes are checked before registers change, so a fault leaves ESP/EBP intact.
        WriteMem((int)SegReg.SS, big ? frame : frame & 0xFFFF, big ? ebp : ebp & SizeMask(s), s);
        uint sp = frame;
        for (int i = 1; i < level; i++)
        {
            uint from = s == 4 ? ebp - (uint)(4 * i) : ebp - (uint)(2 * i);
            uint v = ReadMem((int)SegReg.SS, big ? from : from & 0xFFFF, s);
            sp -= (uint)s;
            WriteMem((int)SegReg.SS, big ? sp : sp & 0xFFFF, v, s);
        }
        if (level > 0)
        {
            sp -= (uint)s;
            WriteMem((int)SegReg.SS, big ? sp : sp & 0xFFFF, frame, s);
        }
        uint newEsp = sp - size;
        if (big) WriteLinearCheckOnly((int)SegReg.SS, newEsp);
        SetReg(5, frame, s);
        _r[4] = big ? newEsp : (esp & 0xFFFF_0000) | (newEsp & 0xFFFF);
    }

    /// <summary>Nothing to write, but the stack pointer must stay inside SS (ENTER's final check).</summary>
    private void WriteLinearCheckOnly(int seg, uint offset)
    {
        ref var s = ref Seg(seg);
        if (!s.InLimit(offset, 1) && offset != s.HighOffset + 1) SegmentViolation(seg);
    }

    private void Leave(ref Insn d)
    {
        uint ebp = StackIs32 ? _r[5] : _r[5] & 0xFFFF;
        uint v = ReadMem((int)SegReg.SS, ebp, d.OpSize);
        if (StackIs32) _r[4] = ebp + (uint)d.OpSize;
        else _r[4] = (_r[4] & 0xFFFF_0000) | ((ebp + (uint)d.OpSize) & 0xFFFF);
        SetReg(5, v, d.OpSize);
    }
}
