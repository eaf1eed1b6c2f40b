namespace CamkesVm.X86.Cpu;

/// <summary>
/// Debug features (Intel SDM Vol. 3B, chapter 17): DR0–DR3 breakpoints on execution, writes, reads/writes and
/// (with CR4.DE) I/O with lengths 1/2/4, DR6 status, DR7 control with general detect (GD), single-step via TF,
/// RF (17.3.1.1) and CR4.DE (DR4/DR5 #UD when set, aliases of DR6/DR7 when clear). Data breakpoints send
/// accesses through the slow memory path only while armed, so they cost nothing otherwise.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const uint Dr6Bd = 0x2000, Dr6Bs = 0x4000, Dr7Gd = 0x2000;

    private bool _dataBreakpointsArmed;
    private bool _codeBreakpointsArmed;
    private bool _ioBreakpointsArmed;
    private uint _dataTrapHits;          // B0–B3 of data/I/O breakpoints hit by the running instruction
    private bool _codeBreakpointFault;   // the pending #DB is an instruction breakpoint (RF not set in the image)

    private bool NeedsSlowStep() => (_flags & Flags.TF) != 0 || _codeBreakpointsArmed;

    private bool BreakpointEnabled(int n) => ((_dr[7] >> (n * 2)) & 3) != 0;

    private int BreakpointType(int n) => (int)(_dr[7] >> (16 + n * 4)) & 3;   // 0 exec, 1 write, 2 I/O, 3 read/write

    private uint BreakpointLength(int n) => ((_dr[7] >> (18 + n * 4)) & 3) switch { 0 => 1u, 1 => 2u, 3 => 4u, _ => 8u };

    private static int DebugAlias(int n) => n switch { 4 => 6, 5 => 7, _ => n };

    private void WriteDr(int n, uint value)
    {
        switch (DebugAlias(n))
        {
            case 6: _dr[6] = (value & 0x0000_E00F) | 0xFFFF_0FF0; break;   // bits 4–11 and 16–31 read as 1, bit 12 as 0
            case 7: _dr[7] = (value & 0xFFFF_23FF) | 0x400; break;         // bit 10 reads as 1, bits 11/12/14/15 as 0
            default: _dr[n] = value; break;
        }
        ArmBreakpoints();
    }

    /// <summary>Recomputes which kinds of breakpoint are enabled after DR7 or CR4.DE change.</summary>
    private void ArmBreakpoints()
    {
        _codeBreakpointsArmed = _dataBreakpointsArmed = _ioBreakpointsArmed = false;
        for (int i = 0; i < 4; i++)
        {
            if (!BreakpointEnabled(i)) continue;
            switch (BreakpointType(i))
            {
                case 0: _codeBreakpointsArmed = true; break;
                case 2: _ioBreakpointsArmed |= (_cr4 & CrBits.DE) != 0; break;   // undefined without CR4.DE: ignored
                default: _dataBreakpointsArmed = true; break;
            }
        }
        UpdateMmuMode();
        FlushTlb(global: true);
        Attention();
    }

    /// <summary>MOV DR checks in the order of the SDM's "MOV—Move to/from Debug Registers": CPL, DR4/DR5 with CR4.DE, DR7.GD.</summary>
    private void CheckDebugAccess(int n)
    {
        RequireCpl0();
        if (n is 4 or 5 && (_cr4 & CrBits.DE) != 0) Fault(Vector.UD);
        if ((_dr[7] & Dr7Gd) != 0)                          // general detect: a fault, GD cleared for the handler
        {
            _dr[6] |= Dr6Bd;
            _dr[7] &= ~Dr7Gd;
            Fault(Vector.DB);
        }
    }

    private void MovFromDebug(ref Insn d)
    {
        CheckDebugAccess(d.Reg);
        _r[d.Rm] = _dr[DebugAlias(d.Reg)];
    }

    private void MovToDebug(ref Insn d)
    {
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
        _codeBreakpointFault = true;
        Fault(Vector.DB);                                    // a fault: EIP stays at the instruction
    }

    private void CheckDataBreakpoint(uint lin, int size, bool write)
    {
        if (_dataBreakpointsArmed) MatchBreakpoints(lin, size, write ? 1 : 3, 3);
    }

    /// <summary>I/O breakpoints (R/W = 10b, only with CR4.DE): the DR address is the port number.</summary>
    private void CheckIoBreakpoint(ushort port, int size)
    {
        if (_ioBreakpointsArmed) MatchBreakpoints(port, size, 2, 2);
    }

    private void MatchBreakpoints(uint address, int size, int typeA, int typeB)
    {
        for (int i = 0; i < 4; i++)
        {
            if (!BreakpointEnabled(i)) continue;
            int type = BreakpointType(i);
            if (type != typeA && type != typeB) continue;
            uint len = BreakpointLength(i), start = _dr[i] & ~(len - 1);
            if (address < start + len && start < address + (uint)size)
            {
                _dataTrapHits |= 1u << i;
                Attention();
            }
        }
    }

    /// <summary>
    /// Raises #DB as a trap (after the instruction) for single-step (<paramref name="dr6Bits"/> = DR6.BS) and the
    /// data/I/O breakpoints the instruction hit; all conditions of one instruction go into one exception.
    /// </summary>
    private void RaiseDebugTrap(uint dr6Bits)
    {
        _dr[6] |= dr6Bits | _dataTrapHits;
        _dataTrapHits = 0;
        _pendingIsTrap = true;
        Fault(Vector.DB);
    }
}
