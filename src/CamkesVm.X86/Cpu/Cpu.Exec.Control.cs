using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Near control transfers: JMP/Jcc/CALL/RET, LOOP/JCXZ, group 5, HLT, CLI/STI (Intel SDM Vol. 2).
/// Targets are checked against the CS limit (#GP(0)); 16-bit operand size truncates EIP to 16 bits.
/// </summary>
public sealed unsafe partial class Cpu
{
    private void JumpTo(uint target, bool o32)
    {
        if (!o32) target &= 0xFFFF;
        if (target > Seg((int)SegReg.CS).HighOffset) Fault(Vector.GP, 0);
        _eip = target;
    }

    private void JumpRelative(ref Insn d, uint rel) => JumpTo(_eip + rel, d.O32);

    private void CallNear(ref Insn d, uint target) => CallNear(d.O32 ? target : target & 0xFFFF, _eip, d.OpSize);

    /// <summary>Pushes <paramref name="returnTo"/> and jumps to <paramref name="target"/> (already sized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CallNear(uint target, uint returnTo, int size)
    {
        if (target > Seg((int)SegReg.CS).HighOffset) Fault(Vector.GP, 0);
        Push(returnTo, size);
        _eip = target;
    }

    private void RetNear(ref Insn d, ushort release)
    {
        uint target = PeekStack(d.OpSize);
        JumpTo(target, d.O32);
        AdjustStack(d.OpSize + release);
    }

    private void Loop(ref Insn d, int op)
    {
        uint count = d.A32 ? _r[1] : _r[1] & 0xFFFF;
        bool take;
        if (op == 0xE3) take = count == 0;
        else
        {
            count--;
            if (d.A32) _r[1] = count;
            else SetReg(1, count, 2);
            count &= d.A32 ? 0xFFFF_FFFF : 0xFFFF;
            take = count != 0 && (op == 0xE2 || (op == 0xE1) == GetZF());
        }
        if (take) JumpRelative(ref d, (uint)(sbyte)d.Imm);
    }

    private void Group5(ref Insn d)
    {
        int s = d.OpSize;
        switch (d.Reg)
        {
            case 0: ModifyRm(ref d, s, IncOp); return;
            case 1: ModifyRm(ref d, s, DecOp); return;
            case 2: CallNear(ref d, ReadRm(ref d, s)); return;
            case 3: case 5:
            {
                if (d.IsReg) Fault(Vector.UD);
                uint ea = EffectiveAddress(ref d);
                uint offset = ReadMem(d.Seg, ea, s);
                ushort sel = (ushort)ReadMem(d.Seg, d.A32 ? ea + (uint)s : (ea + (uint)s) & 0xFFFF, 2);
                if (d.Reg == 3) CallFar(ref d, sel, offset);
                else JumpFar(ref d, sel, offset);
                return;
            }
            case 4: JumpTo(ReadRm(ref d, s), d.O32); return;
            case 6: Push(ReadRm(ref d, s), s); return;
            default: Fault(Vector.UD); return;
        }
    }

    private void Hlt()
    {
        RequireCpl0();
        _halted = true;
        StopWith(ExitReason.Halted);
    }

    private void RequireCpl0()
    {
        if (_cpl != 0) Fault(Vector.GP, 0);
    }

    /// <summary>CLI/STI: allowed when CPL ≤ IOPL (V86: IOPL = 3); #GP(0) otherwise (no VME/PVI).</summary>
    private void CheckInterruptFlagPrivilege()
    {
        if (ProtectedMode && (V86Mode ? Iopl < 3 : _cpl > Iopl)) Fault(Vector.GP, 0);
    }

    private void Cli()
    {
        CheckInterruptFlagPrivilege();
        _flags &= ~Flags.IF;
    }

    private void Sti()
    {
        CheckInterruptFlagPrivilege();
        if ((_flags & Flags.IF) == 0)
        {
            _flags |= Flags.IF;
            InhibitInterrupts();
        }
    }
}
