using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// The handlers of cached instructions (one per fast-path kind, see Cpu.FastPath.cs). A handler returns true
/// when execution goes on with the next instruction of the block, false when it changed EIP (a jump) or the
/// block must be left (attention was raised; then it has set EIP to the next instruction, see Sequential). While a block runs, <c>_eip</c>, <c>_insnStart</c> and <see cref="InstructionCount"/>
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

    /// <summary>
    /// The return of a handler whose instruction touched memory: a slow access may have raised attention (a store
    /// into a code page, a data breakpoint), which ends the block after this instruction. Handlers without memory
    /// accesses cannot raise it and return true; the block loop itself tests attention only between passes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Sequential(Insn* d)
    {
        if (!_attention) return true;
        _eip = d->Next;
        return false;
    }

    /// <summary>An instruction without a fast path: the general decoder's executor with the full state.</summary>
    private static bool Generic(Cpu c, Insn* d)
    {
        c.SyncBlockState();
        c._cur = null;
        uint page = c._fetchPage;
        c.Execute(ref *d);
        return c._eip == d->Next && c._fetchPage == page && !c._attention;
    }

    private static bool RepMovsHandler(Cpu c, Insn* d)
    {
        c.SyncBlockState();
        c._cur = null;
        c.RepMovs(ref *d);
        return c._eip == d->Next && !c._attention;
    }

    private static bool RepStosHandler(Cpu c, Insn* d)
    {
        c.SyncBlockState();
        c._cur = null;
        c.RepStos(ref *d);
        return c._eip == d->Next && !c._attention;
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
        static abstract bool IsMemory { get; }
    }

    private struct RegSource : IOperandSource
    {
        public static bool IsMemory => false;
        public static uint Read(Cpu c, Insn* d) => c._r[d->FB];
    }

    private struct ImmSource : IOperandSource
    {
        public static bool IsMemory => false;
        public static uint Read(Cpu c, Insn* d) => d->FImm;
    }

    private struct MemSource<TA> : IOperandSource where TA : struct, IAddress
    {
        public static bool IsMemory => true;
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
        return !TSource.IsMemory || c.Sequential(d);
    }

    private static bool AluMR(Cpu c, Insn* d) { c.ExecuteAlu(ref *d, d->FOp, 1); return c.Sequential(d); }
    private static bool AluMI(Cpu c, Insn* d) { c.Group1(ref *d); return c.Sequential(d); }

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

    // PUSH, POP, MOV r, m and MOV m, r try the host pointer first; the full path (faults, slow memory) is a
    // separate method called last, so the fast path needs no saved registers.

    private static bool PushR(Cpu c, Insn* d)
    {
        uint sp = c._r[4] - 4;
        byte* p = c.StackIs32 ? c.WritePointer((int)SegReg.SS, sp, 4) : null;
        if (p == null) return PushRFull(c, d);
        Unsafe.WriteUnaligned(p, c._r[d->FA]);
        c._r[4] = sp;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool PushRFull(Cpu c, Insn* d) { c.Push(c._r[d->FA], 4); return c.Sequential(d); }

    private static bool PopR(Cpu c, Insn* d)
    {
        uint sp = c._r[4];
        byte* p = c.StackIs32 ? c.ReadPointer((int)SegReg.SS, sp, 4) : null;
        if (p == null) return PopRFull(c, d);
        uint v = Unsafe.ReadUnaligned<uint>(p);
        c._r[4] = sp + 4;
        c._r[d->FA] = v;                                  // POP ESP: the popped value wins
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool PopRFull(Cpu c, Insn* d) { uint v = c.Pop(4); c._r[d->FA] = v; return c.Sequential(d); }

    private static bool MovRM<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        byte* p = c.ReadPointer(d->Seg, TA.Of(c, d), 4);
        if (p == null) return MovRMFull<TA>(c, d);
        c._r[d->FA] = Unsafe.ReadUnaligned<uint>(p);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool MovRMFull<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        c._r[d->FA] = c.ReadMem32(d->Seg, TA.Of(c, d));
        return c.Sequential(d);
    }

    private static bool MovMR<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        byte* p = c.WritePointer(d->Seg, TA.Of(c, d), 4);
        if (p == null) return MovMRFull<TA>(c, d);
        Unsafe.WriteUnaligned(p, c._r[d->FB]);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool MovMRFull<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        c.WriteLin32(c.WriteLinear(d->Seg, TA.Of(c, d), 4), c._r[d->FB]);
        return c.Sequential(d);
    }

    private static bool PushI(Cpu c, Insn* d) { c.Push(d->FImm, 4); return c.Sequential(d); }
    private static bool MovRI(Cpu c, Insn* d) { c._r[d->FA] = d->FImm; return true; }
    private static bool MovRR(Cpu c, Insn* d) { c._r[d->FA] = c._r[d->FB]; return true; }
    private static bool Lea<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = TA.Of(c, d); return true; }
    private static bool MovzxRR8(Cpu c, Insn* d) { c._r[d->FA] = c.GetReg8(d->FB); return true; }
    private static bool MovzxRR16(Cpu c, Insn* d) { c._r[d->FA] = (ushort)c._r[d->FB]; return true; }
    private static bool MovsxRR8(Cpu c, Insn* d) { c._r[d->FA] = (uint)(sbyte)c.GetReg8(d->FB); return true; }
    private static bool MovsxRR16(Cpu c, Insn* d) { c._r[d->FA] = (uint)(short)c._r[d->FB]; return true; }


    private static bool MovMI<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        c.WriteLin32(c.WriteLinear(d->Seg, TA.Of(c, d), 4), d->FImm);
        return c.Sequential(d);
    }

    private static bool MovRM8<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c.SetReg8(d->FA, c.ReadMem8(d->Seg, TA.Of(c, d))); return c.Sequential(d); }

    private static bool MovMR8<TA>(Cpu c, Insn* d) where TA : struct, IAddress
    {
        c.WriteLin8(c.WriteLinear(d->Seg, TA.Of(c, d), 1), (byte)c.GetReg8(d->FB));
        return c.Sequential(d);
    }

    private static bool MovzxRM8<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = c.ReadMem8(d->Seg, TA.Of(c, d)); return c.Sequential(d); }
    private static bool MovzxRM16<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = c.ReadMem16(d->Seg, TA.Of(c, d)); return c.Sequential(d); }
    private static bool MovsxRM8<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = (uint)(sbyte)c.ReadMem8(d->Seg, TA.Of(c, d)); return c.Sequential(d); }
    private static bool MovsxRM16<TA>(Cpu c, Insn* d) where TA : struct, IAddress { c._r[d->FA] = (uint)(short)c.ReadMem16(d->Seg, TA.Of(c, d)); return c.Sequential(d); }

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
