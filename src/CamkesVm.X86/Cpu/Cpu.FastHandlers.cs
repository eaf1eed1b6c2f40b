using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// The handlers of cached instructions (one per fast-path kind, see Cpu.FastPath.cs). A handler returns true
/// when execution goes on with the next instruction of the block, false when it changed EIP (a jump) or the
/// block must be left. While a block runs, <c>_eip</c>, <c>_insnStart</c> and <see cref="InstructionCount"/>
/// are not stored per instruction: the block loop records the running instruction in <c>_cur</c>, and the
/// state is derived from it where it can be observed — a fault (the run loop's catch), MMIO (device code may
/// read the CPU) and <see cref="Generic"/>, which sets it before running an instruction the general way.
/// </summary>
public sealed unsafe partial class Cpu
{
    private Insn* _cur;           // the running instruction of a block, null outside blocks
    private Insn* _curFirst;      // the first instruction of that block
    private long _curPassCount;   // InstructionCount when the block's current pass began
    private uint _curPage;        // the fetch page the block was entered with

    /// <summary>Stores the architectural state the block loop keeps implicit (see the class remarks).</summary>
    private void SyncBlockState()
    {
        Insn* d = _cur;
        if (d == null) return;
        _insnStart = d->Eip;
        _eip = d->Next;
        InstructionCount = _curPassCount + (d - _curFirst);
    }

    /// <summary>An instruction without a fast path: the general decoder's executor with the full state.</summary>
    private static bool Generic(Cpu c, Insn* d)
    {
        c.SyncBlockState();
        c._cur = null;
        uint page = c._fetchPage;
        c.Execute(ref *d);
        return c._eip == d->Next && c._fetchPage == page;
    }

    private static bool RepMovsHandler(Cpu c, Insn* d)
    {
        c.SyncBlockState();
        c._cur = null;
        c.RepMovs(ref *d);
        return c._eip == d->Next;
    }

    private static bool RepStosHandler(Cpu c, Insn* d)
    {
        c.SyncBlockState();
        c._cur = null;
        c.RepStos(ref *d);
        return c._eip == d->Next;
    }

    // ---- 32-bit ALU operations, specialised per operation and source operand ---------------------

    private interface IAluOp
    {
        static abstract uint Apply(Cpu c, uint a, uint b);
        static abstract bool Writes { get; }
    }

    private struct AddOp : IAluOp
    {
        public static bool Writes => true;
        public static uint Apply(Cpu c, uint a, uint b) { uint r = a + b; c.SetLazy(LazyOp.Add, a, b, r, 4); return r; }
    }

    private struct OrOp : IAluOp
    {
        public static bool Writes => true;
        public static uint Apply(Cpu c, uint a, uint b) { uint r = a | b; c.SetLazy(LazyOp.Logic, a, b, r, 4); return r; }
    }

    private struct AdcOp : IAluOp
    {
        public static bool Writes => true;
        public static uint Apply(Cpu c, uint a, uint b) => c.Alu(2, a, b, 4);
    }

    private struct SbbOp : IAluOp
    {
        public static bool Writes => true;
        public static uint Apply(Cpu c, uint a, uint b) => c.Alu(3, a, b, 4);
    }

    private struct AndOp : IAluOp
    {
        public static bool Writes => true;
        public static uint Apply(Cpu c, uint a, uint b) { uint r = a & b; c.SetLazy(LazyOp.Logic, a, b, r, 4); return r; }
    }

    private struct TestOp : IAluOp
    {
        public static bool Writes => false;
        public static uint Apply(Cpu c, uint a, uint b) => AndOp.Apply(c, a, b);
    }

    private struct SubOp : IAluOp
    {
        public static bool Writes => true;
        public static uint Apply(Cpu c, uint a, uint b) { uint r = a - b; c.SetLazy(LazyOp.Sub, a, b, r, 4); return r; }
    }

    private struct CmpOp : IAluOp
    {
        public static bool Writes => false;
        public static uint Apply(Cpu c, uint a, uint b) => SubOp.Apply(c, a, b);
    }

    private struct XorOp : IAluOp
    {
        public static bool Writes => true;
        public static uint Apply(Cpu c, uint a, uint b) { uint r = a ^ b; c.SetLazy(LazyOp.Logic, a, b, r, 4); return r; }
    }

    private interface IOperandSource
    {
        static abstract uint Read(Cpu c, Insn* d);
    }

    private struct RegSource : IOperandSource
    {
        public static uint Read(Cpu c, Insn* d) => c._r[d->FB];
    }

    private struct ImmSource : IOperandSource
    {
        public static uint Read(Cpu c, Insn* d) => d->FImm;
    }

    private struct MemSource<TA> : IOperandSource where TA : struct, IAddress
    {
        public static uint Read(Cpu c, Insn* d) => c.ReadMem32(d->Seg, TA.Of(c, d));
    }

    /// <summary>How a memory operand's offset is formed: specialised for [base + disp], the common form.</summary>
    private interface IAddress
    {
        static abstract uint Of(Cpu c, Insn* d);
    }

    private struct BaseDisp : IAddress
    {
        public static uint Of(Cpu c, Insn* d) => c._r[d->Base] + d->Disp;
    }

    private struct AnyAddress : IAddress
    {
        public static uint Of(Cpu c, Insn* d) => c.EffectiveAddress32(ref *d);
    }

    private static bool Alu<TOp, TSource>(Cpu c, Insn* d) where TOp : struct, IAluOp where TSource : struct, IOperandSource
    {
        uint* r = c._r;
        uint v = TOp.Apply(c, r[d->FA], TSource.Read(c, d));
        if (TOp.Writes) r[d->FA] = v;
        return true;
    }

    private static bool AluMR(Cpu c, Insn* d) { c.ExecuteAlu(ref *d, d->FOp, 1); return true; }
    private static bool AluMI(Cpu c, Insn* d) { c.Group1(ref *d); return true; }

    private static bool AluRR8(Cpu c, Insn* d)
    {
        uint v = c.Alu(d->FOp, c.GetReg8(d->FA), c.GetReg8(d->FB), 1);
        if (d->FOp != 7) c.SetReg8(d->FA, v);
        return true;
    }

    private static bool AluRI8(Cpu c, Insn* d)
    {
        uint v = c.Alu(d->FOp, c.GetReg8(d->FA), d->FImm, 1);
        if (d->FOp != 7) c.SetReg8(d->FA, v);
        return true;
    }

    private static bool TestRR8(Cpu c, Insn* d) { c.Alu(4, c.GetReg8(d->FA), c.GetReg8(d->FB), 1); return true; }
    private static bool TestRI8(Cpu c, Insn* d) { c.Alu(4, c.GetReg8(d->FA), d->FImm, 1); return true; }
    private static bool IncR(Cpu c, Insn* d) { c._r[d->FA] = c.Inc(c._r[d->FA], 4); return true; }
    private static bool DecR(Cpu c, Insn* d) { c._r[d->FA] = c.Dec(c._r[d->FA], 4); return true; }
    private static bool ShiftRI(Cpu c, Insn* d) { c._r[d->FA] = c.Shift(d->FOp, c._r[d->FA], (int)d->FImm, 4); return true; }
    private static bool SetccR(Cpu c, Insn* d) { c.SetReg8(d->FA, c.Condition(d->FOp) ? 1u : 0); return true; }

    // ---- moves and the stack -----------------------------------------------------------------------

    private static bool PushR(Cpu c, Insn* d) { c.Push(c._r[d->FA], 4); return true; }
    private static bool PopR(Cpu c, Insn* d) { uint v = c.Pop(4); c._r[d->FA] = v; return true; }
    private static bool PushI(Cpu c, Insn* d) { c.Push(d->FImm, 4); return true; }
    private static bool MovRI(Cpu c, Insn* d) { c._r[d->FA] = d->FImm; return true; }
    private static bool MovRR(Cpu c, Insn* d) { c._r[d->FA] = c._r[d->FB]; return true; }
    private static bool MovRM<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = c.ReadMem32(d->Seg, TA.Of(c, d)); return true; }
    private static bool Lea<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = TA.Of(c, d); return true; }
    private static bool MovzxRR8(Cpu c, Insn* d) { c._r[d->FA] = c.GetReg8(d->FB); return true; }
    private static bool MovzxRR16(Cpu c, Insn* d) { c._r[d->FA] = (ushort)c._r[d->FB]; return true; }
    private static bool MovsxRR8(Cpu c, Insn* d) { c._r[d->FA] = (uint)(sbyte)c.GetReg8(d->FB); return true; }
    private static bool MovsxRR16(Cpu c, Insn* d) { c._r[d->FA] = (uint)(short)c._r[d->FB]; return true; }

    private static bool MovMR<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        c.WriteLin32(c.WriteLinear(d->Seg, TA.Of(c, d), 4), c._r[d->FB]);
        return true;
    }

    private static bool MovMI<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        c.WriteLin32(c.WriteLinear(d->Seg, TA.Of(c, d), 4), d->FImm);
        return true;
    }

    private static bool MovRM8<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c.SetReg8(d->FA, c.ReadMem8(d->Seg, TA.Of(c, d))); return true; }

    private static bool MovMR8<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        c.WriteLin8(c.WriteLinear(d->Seg, TA.Of(c, d), 1), (byte)c.GetReg8(d->FB));
        return true;
    }

    private static bool MovzxRM8<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = c.ReadMem8(d->Seg, TA.Of(c, d)); return true; }
    private static bool MovzxRM16<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = c.ReadMem16(d->Seg, TA.Of(c, d)); return true; }
    private static bool MovsxRM8<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = (uint)(sbyte)c.ReadMem8(d->Seg, TA.Of(c, d)); return true; }
    private static bool MovsxRM16<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = (uint)(short)c.ReadMem16(d->Seg, TA.Of(c, d)); return true; }

    // ---- near control transfers (targets relative to the next instruction) ---------------------------

    private static bool Jcc(Cpu c, Insn* d)
    {
        if (!c.Condition(d->FOp)) return true;
        c.JumpTo(d->Next + d->FImm, true);
        return false;
    }

    private static bool Jmp(Cpu c, Insn* d) { c.JumpTo(d->Next + d->FImm, true); return false; }
    private static bool Call(Cpu c, Insn* d) { c.CallNear(d->Next + d->FImm, d->Next, 4); return false; }
    private static bool Ret(Cpu c, Insn* d) { c.RetNear(ref *d, 0); return false; }
}
