namespace CamkesVm.X86.Cpu;

/// <summary>
/// Debug features (Intel SDM Vol. 3B, chapter 17): DR0–DR3 breakpoints on execution, writes and
/// reads/writes with lengths 1/2/4, DR6 status, DR7 control with general detect (GD), single-step via TF,
/// and CR4.DE (DR4/DR5 #UD when set). Data breakpoints send accesses through the slow memory path only while
/// armed, so they cost nothing otherwise.
/// </summary>
public sealed unsafe partial class Cpu
{
    private bool _dataBreakpointsArmed;
    private bool _codeBreakpointsArmed;

    private bool NeedsSlowStep() => (_flags & Flags.TF) != 0 || _codeBreakpointsArmed;

    private bool BreakpointEnabled(int n) => ((_dr[7] >> (n * 2)) & 3) != 0;

    private int BreakpointType(int n) => (int)(_dr[7] >> (16 + n * 4)) & 3;   // 0 exec, 1 write, 3 read/write

    private uint BreakpointLength(int n) => ((_dr[7] >> (18 + n * 4)) & 3) switch { 0 => 1u, 1 => 2u, 3 => 4u, _ => 8u };

    private void WriteDr(int n, uint value)
    {
        switch (n)
        {
            case 4: case 6: _dr[6] = (value & 0x0000_E00F) | 0xFFFF_0FF0; break;
            case 5: case 7: _dr[7] = (value & 0xFFFF_2BFF) | 0x400; break;
            default: _dr[n] = value; break;
        }
        _codeBreakpointsArmed = false;
        _dataBreakpointsArmed = false;
        for (int i = 0; i < 4; i++)
        {
            if (!BreakpointEnabled(i)) continue;
            if (BreakpointType(i) == 0) _codeBreakpointsArmed = true;
            else if (BreakpointType(i) != 2) _dataBreakpointsArmed = true;
        }
        UpdateMmuMode();
        FlushTlb(global: true);
        Attention();
    }

    private void CheckDebugAccess(int n)
    {
        if ((_dr[7] & 0x2000) != 0)                        // DR7.GD: general detect
        {
            _dr[6] |= 0x2000;
            _dr[7] &= ~0x2000u;
            Fault(Vector.DB);
        }
        if (n is 4 or 5 && (_cr4 & CrBits.DE) != 0) Fault(Vector.UD);
    }

    private void MovFromDebug(ref Insn d)
    {
        RequireCpl0();
        CheckDebugAccess(d.Reg);
        _r[d.Rm] = _dr[d.Reg switch { 4 => 6, 5 => 7, _ => d.Reg }];
    }

    private void MovToDebug(ref Insn d)
    {
        RequireCpl0();
        CheckDebugAccess(d.Reg);
        WriteDr(d.Reg, _r[d.Rm]);
    }

    private void CheckInstructionBreakpoint()
    {
        if (!_codeBreakpointsArmed || (_flags & Flags.RF) != 0) return;
        uint lin = Seg((int)SegReg.CS).Base + _eip;
        uint hits = 0;
        for (int i = 0; i < 4; i++)
            if (BreakpointEnabled(i) && BreakpointType(i) == 0 && _dr[i] == lin) hits |= 1u << i;
        if (hits == 0) return;
        _dr[6] = (_dr[6] & ~0xFu) | hits;
        Fault(Vector.DB);                                    // a fault: EIP stays at the instruction
    }

    private void CheckDataBreakpoint(uint lin, int size, bool write)
    {
        if (!_dataBreakpointsArmed) return;
        for (int i = 0; i < 4; i++)
        {
            if (!BreakpointEnabled(i)) continue;
            int type = BreakpointType(i);
            if (type == 0 || type == 2 || (type == 1 && !write)) continue;
            uint len = BreakpointLength(i), start = _dr[i] & ~(len - 1);
            if (lin < start + len && start < lin + (uint)size)
            {
                _dr[6] |= 1u << i;
                _dataTrapPending = true;
                Attention();
            }
        }
    }

    private bool _dataTrapPending;

    private bool DataBreakpointPage(uint linear) => false;

    /// <summary>Raises #DB as a trap (after the instruction): single-step (DR6.BS) or a data breakpoint hit.</summary>
    private void RaiseDebugTrap(uint dr6Bits)
    {
        _dr[6] |= dr6Bits;
        _pendingIsTrap = true;
        Fault(Vector.DB);
    }
}
