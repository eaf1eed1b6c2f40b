namespace CamkesVm.X86.Cpu;

/// <summary>
/// Instruction dispatch: one switch over the decoded opcode (one-byte map, then 0F map; Intel SDM Vol. 2,
/// Appendix A). Common register/memory forms are handled inline; the rest calls per-family methods.
/// An opcode without a case raises #UD.
/// </summary>
public sealed unsafe partial class Cpu
{
    private void Execute(ref Insn d)
    {
        int op = d.Op;
        if (d.Lock) CheckLockPrefix(ref d);
        if (op < 0x40 && (op & 7) < 6)
        {
            ExecuteAlu(ref d, op >> 3, op & 7);
            return;
        }
        switch (op)
        {
            case 0x06: case 0x0E: case 0x16: case 0x1E: Push(Seg(op >> 3).Selector, d.OpSize); return;
            case 0x07: case 0x17: case 0x1F: PopSegment(ref d, op >> 3); return;
            case 0x27: Daa(); return;
            case 0x2F: Das(); return;
            case 0x37: Aaa(); return;
            case 0x3F: Aas(); return;
            case >= 0x40 and <= 0x47: SetReg(op & 7, Inc(GetReg(op & 7, d.OpSize), d.OpSize), d.OpSize); return;
            case >= 0x48 and <= 0x4F: SetReg(op & 7, Dec(GetReg(op & 7, d.OpSize), d.OpSize), d.OpSize); return;
            case >= 0x50 and <= 0x57: Push(GetReg(op & 7, d.OpSize), d.OpSize); return;
            case >= 0x58 and <= 0x5F: { uint v = Pop(d.OpSize); SetReg(op & 7, v, d.OpSize); return; }
            case 0x60: Pusha(d.OpSize); return;
            case 0x61: Popa(d.OpSize); return;
            case 0x62: Bound(ref d); return;
            case 0x63: Arpl(ref d); return;
            case 0x68: Push(d.Imm, d.OpSize); return;
            case 0x69: ImulImmediate(ref d, d.Imm); return;
            case 0x6A: Push((uint)(sbyte)d.Imm, d.OpSize); return;
            case 0x6B: ImulImmediate(ref d, (uint)(sbyte)d.Imm); return;
            case 0x6C: case 0x6D: case 0x6E: case 0x6F: StringIo(ref d); return;
            case >= 0x70 and <= 0x7F: if (Condition(op & 0xF)) JumpRelative(ref d, (uint)(sbyte)d.Imm); return;
            case 0x80: case 0x81: case 0x82: case 0x83: Group1(ref d); return;
            case 0x84: case 0x85: { int s = ByteOrV(ref d, op); Alu(4, ReadRm(ref d, s), GetReg(d.Reg, s), s); return; }
            case 0x86: case 0x87: Xchg(ref d, ByteOrV(ref d, op)); return;
            case 0x88: case 0x89: { int s = ByteOrV(ref d, op); WriteRm(ref d, GetReg(d.Reg, s), s); return; }
            case 0x8A: case 0x8B: { int s = ByteOrV(ref d, op); SetReg(d.Reg, ReadRm(ref d, s), s); return; }
            case 0x8C: MovFromSegment(ref d); return;
            case 0x8D: Lea(ref d); return;
            case 0x8E: MovToSegment(ref d); return;
            case 0x8F: PopRm(ref d); return;
            case 0x90: if (d.Rep == 0xF3) { Pause(); } return;
            case >= 0x91 and <= 0x97: XchgAccumulator(op & 7, d.OpSize); return;
            case 0x98: Cbw(d.O32); return;
            case 0x99: Cwd(d.O32); return;
            case 0x9A: CallFar(ref d, (ushort)d.Imm2, d.Imm); return;
            case 0x9B: Fwait(); return;
            case 0x9C: Pushf(ref d); return;
            case 0x9D: Popf(ref d); return;
            case 0x9E: Sahf(); return;
            case 0x9F: Lahf(); return;
            case 0xA0: case 0xA1: { int s = ByteOrV(ref d, op); SetReg(0, ReadMem(d.Seg, d.Imm, s), s); return; }
            case 0xA2: case 0xA3: { int s = ByteOrV(ref d, op); WriteMem(d.Seg, d.Imm, GetReg(0, s), s); return; }
            case 0xA4: case 0xA5: Movs(ref d); return;
            case 0xA6: case 0xA7: Cmps(ref d); return;
            case 0xA8: Alu(4, GetReg8(0), d.Imm, 1); return;
            case 0xA9: Alu(4, GetReg(0, d.OpSize), d.Imm, d.OpSize); return;
            case 0xAA: case 0xAB: Stos(ref d); return;
            case 0xAC: case 0xAD: Lods(ref d); return;
            case 0xAE: case 0xAF: Scas(ref d); return;
            case >= 0xB0 and <= 0xB7: SetReg8(op & 7, d.Imm); return;
            case >= 0xB8 and <= 0xBF: SetReg(op & 7, d.Imm, d.OpSize); return;
            case 0xC0: case 0xC1: case 0xD0: case 0xD1: case 0xD2: case 0xD3: Group2(ref d); return;
            case 0xC2: RetNear(ref d, (ushort)d.Imm); return;
            case 0xC3: RetNear(ref d, 0); return;
            case 0xC4: LoadFarPointer(ref d, (int)SegReg.ES); return;
            case 0xC5: LoadFarPointer(ref d, (int)SegReg.DS); return;
            case 0xC6: case 0xC7: MovImmediateRm(ref d, op); return;
            case 0xC8: Enter(ref d); return;
            case 0xC9: Leave(ref d); return;
            case 0xCA: RetFar(ref d, (ushort)d.Imm); return;
            case 0xCB: RetFar(ref d, 0); return;
            case 0xCC: SoftwareInterrupt(Vector.BP, InterruptSource.Int3); return;
            case 0xCD: SoftwareInterrupt((byte)d.Imm, InterruptSource.IntN); return;
            case 0xCE: if (GetOF()) SoftwareInterrupt(Vector.OF, InterruptSource.Into); return;
            case 0xCF: Iret(ref d); return;
            case 0xD4: Aam((byte)d.Imm); return;
            case 0xD5: Aad((byte)d.Imm); return;
            case 0xD6: SetReg8(0, GetCF() ? 0xFFu : 0); return; // SALC (undocumented, present on all P6 parts)
            case 0xD7: Xlat(ref d); return;
            case >= 0xD8 and <= 0xDF: ExecuteFpu(ref d); return;
            case 0xE0: case 0xE1: case 0xE2: case 0xE3: Loop(ref d, op); return;
            case 0xE4: case 0xE5: case 0xE6: case 0xE7: case 0xEC: case 0xED: case 0xEE: case 0xEF: PortIo(ref d, op); return;
            case 0xE8: CallNear(ref d, _eip + d.Imm); return;
            case 0xE9: JumpRelative(ref d, d.Imm); return;
            case 0xEA: JumpFar(ref d, (ushort)d.Imm2, d.Imm); return;
            case 0xEB: JumpRelative(ref d, (uint)(sbyte)d.Imm); return;
            case 0xF1: SoftwareInterrupt(Vector.DB, InterruptSource.Int1); return;
            case 0xF4: Hlt(); return;
            case 0xF5: SetCarryFlag(!GetCF()); return;
            case 0xF6: case 0xF7: Group3(ref d, op == 0xF6 ? 1 : d.OpSize); return;
            case 0xF8: SetCarryFlag(false); return;
            case 0xF9: SetCarryFlag(true); return;
            case 0xFA: Cli(); return;
            case 0xFB: Sti(); return;
            case 0xFC: _flags &= ~Flags.DF; return;
            case 0xFD: _flags |= Flags.DF; return;
            case 0xFE: Group4(ref d); return;
            case 0xFF: Group5(ref d); return;
            default: ExecuteTwoByte(ref d); return;
        }
    }

    private void ExecuteTwoByte(ref Insn d)
    {
        int op = d.Op & 0xFF;
        if (d.Op < 0x100) Fault(Vector.UD);
        switch (op)
        {
            case 0x00: Group6(ref d); return;
            case 0x01: Group7(ref d); return;
            case 0x02: Lar(ref d); return;
            case 0x03: Lsl(ref d); return;
            case 0x06: Clts(); return;
            case 0x08: case 0x09: RequireCpl0(); return;              // INVD/WBINVD: no caches to manage
            case >= 0x18 and <= 0x1F: return;                         // hint NOPs (NOP Ev, PREFETCHh on P6)
            case 0x20: MovFromControl(ref d); return;
            case 0x21: MovFromDebug(ref d); return;
            case 0x22: MovToControl(ref d); return;
            case 0x23: MovToDebug(ref d); return;
            case 0x30: Wrmsr(); return;
            case 0x31: Rdtsc(); return;
            case 0x32: Rdmsr(); return;
            case 0x33: Rdpmc(); return;
            case >= 0x40 and <= 0x4F: Cmov(ref d); return;
            case >= 0x80 and <= 0x8F: if (Condition(op & 0xF)) JumpRelative(ref d, d.Imm); return;
            case >= 0x90 and <= 0x9F: WriteRm(ref d, Condition(op & 0xF) ? 1u : 0, 1); return;
            case 0xA0: case 0xA8: Push(Seg(op == 0xA0 ? 4 : 5).Selector, d.OpSize); return;
            case 0xA1: case 0xA9: PopSegment(ref d, op == 0xA1 ? 4 : 5); return;
            case 0xA2: Cpuid(); return;
            case 0xA3: case 0xAB: case 0xB3: case 0xBB: BitTest(ref d, (op >> 3) & 3, GetReg(d.Reg, d.OpSize), true); return;
            case 0xA4: case 0xAC: DoubleShiftRm(ref d, op == 0xA4, (int)d.Imm); return;
            case 0xA5: case 0xAD: DoubleShiftRm(ref d, op == 0xA5, (int)GetReg8(1)); return;
            case 0xAF: ImulRegister(ref d); return;
            case 0xB0: case 0xB1: Cmpxchg(ref d, op == 0xB0 ? 1 : d.OpSize); return;
            case 0xB2: LoadFarPointer(ref d, (int)SegReg.SS); return;
            case 0xB4: LoadFarPointer(ref d, (int)SegReg.FS); return;
            case 0xB5: LoadFarPointer(ref d, (int)SegReg.GS); return;
            case 0xB6: case 0xB7: SetReg(d.Reg, ReadRm(ref d, op == 0xB6 ? 1 : 2), d.OpSize); return;
            case 0xBA: Group8(ref d); return;
            case 0xBC: case 0xBD: BitScan(ref d, op == 0xBC); return;
            case 0xBE: SetReg(d.Reg, (uint)(sbyte)ReadRm(ref d, 1), d.OpSize); return;
            case 0xBF: SetReg(d.Reg, (uint)(short)ReadRm(ref d, 2), d.OpSize); return;
            case 0xC0: case 0xC1: Xadd(ref d, op == 0xC0 ? 1 : d.OpSize); return;
            case 0xC7: Group9(ref d); return;
            case >= 0xC8 and <= 0xCF: _r[op & 7] = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(_r[op & 7]); return;
            default: Fault(Vector.UD); return;
        }
    }

    /// <summary>Operand size of a byte/word-or-dword opcode pair (even opcode = byte).</summary>
    private static int ByteOrV(ref Insn d, int op) => (op & 1) == 0 ? 1 : d.OpSize;

    private void ExecuteAlu(ref Insn d, int alu, int form)
    {
        switch (form)
        {
            case 0: case 1:
            {
                int s = form == 0 ? 1 : d.OpSize;
                uint src = GetReg(d.Reg, s);
                if (d.IsReg)
                {
                    uint r = Alu(alu, GetReg(d.Rm, s), src, s);
                    if (alu != 7) SetReg(d.Rm, r, s);
                }
                else if (alu == 7) Alu(7, ReadMem(d.Seg, EffectiveAddress(ref d), s), src, s);
                else
                {
                    uint lin = RmwLinear(ref d, s);
                    WriteLin(lin, Alu(alu, ReadLin(lin, s), src, s), s);
                }
                return;
            }
            case 2: case 3:
            {
                int s = form == 2 ? 1 : d.OpSize;
                uint r = Alu(alu, GetReg(d.Reg, s), ReadRm(ref d, s), s);
                if (alu != 7) SetReg(d.Reg, r, s);
                return;
            }
            case 4:
            {
                uint r = Alu(alu, GetReg8(0), d.Imm, 1);
                if (alu != 7) SetReg8(0, r);
                return;
            }
            default:
            {
                int s = d.OpSize;
                uint r = Alu(alu, GetReg(0, s), d.Imm, s);
                if (alu != 7) SetReg(0, r, s);
                return;
            }
        }
    }

    /// <summary>LOCK is valid only on read-modify-write memory forms of the listed instructions (SDM Vol. 2, "LOCK").</summary>
    private void CheckLockPrefix(ref Insn d)
    {
        int op = d.Op;
        bool ok = !d.IsReg && op switch
        {
            < 0x40 => (op & 7) < 2 && (op >> 3) != 7,
            0x80 or 0x81 or 0x82 or 0x83 => d.Reg != 7,
            0x86 or 0x87 => true,
            0xF6 or 0xF7 => d.Reg is 2 or 3,
            0xFE or 0xFF => d.Reg < 2,
            0x1AB or 0x1B3 or 0x1BB or 0x1B0 or 0x1B1 or 0x1C0 or 0x1C1 => true,
            0x1BA => d.Reg >= 5,
            0x1C7 => d.Reg == 1,
            _ => false,
        };
        if (!ok) Fault(Vector.UD);
    }
}
