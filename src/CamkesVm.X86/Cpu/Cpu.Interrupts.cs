namespace CamkesVm.X86.Cpu;

/// <summary>Where an interrupt came from; decides the EXT bit, gate-DPL checks and the saved EIP.</summary>
internal enum InterruptSource
{
    Exception, External, IntN, Int3, Into, Int1, DebugTrap,
}

/// <summary>
/// Exception and interrupt delivery (Intel SDM Vol. 3A, chapter 6): real-mode IVT; protected-mode IDT with
/// interrupt and trap gates, privilege checks, stack switch through the TSS, virtual-8086 exits; the
/// double-fault rules of Table 6-5 and shutdown on a triple fault. Faults push the EIP of the faulting
/// instruction with RF set in the EFLAGS image; traps and software interrupts push the next EIP.
/// </summary>
public sealed unsafe partial class Cpu
{
    private static bool IsContributory(byte v) => v is Vector.DE or Vector.TS or Vector.NP or Vector.SS or Vector.GP;

    private static bool IsFaultClass(byte v) =>
        v is not (Vector.DB or Vector.BP or Vector.OF or Vector.NMI) && v < 32;

    /// <summary>Delivers the fault recorded by <see cref="Fault(byte, uint)"/>, escalating per SDM Table 6-5.</summary>
    private void DeliverPendingFault()
    {
        byte first = _pendingVector;
        bool hasError = _pendingHasError;
        uint error = _pendingError;
        _halted = false;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                DeliverInterrupt(first, _pendingIsTrap ? InterruptSource.DebugTrap : InterruptSource.Exception, hasError, error);
                _pendingIsTrap = false;
                _codeBreakpointFault = false;
                return;
            }
            catch (CpuFault)
            {
                _pendingIsTrap = false;
                _codeBreakpointFault = false;
                byte second = _pendingVector;
                if (first == Vector.DF)
                {
                    Shutdown($"triple fault: #{Mnemonic(second)} while delivering #DF");
                    return;
                }
                bool escalate = (IsContributory(first) && IsContributory(second))
                    || (first == Vector.PF && (second == Vector.PF || IsContributory(second)));
                if (escalate || attempt > 8)
                {
                    first = Vector.DF;
                    hasError = true;
                    error = 0;
                }
                else
                {
                    first = second;
                    hasError = _pendingHasError;
                    error = _pendingError;
                }
            }
        }
    }

    private void Shutdown(string reason)
    {
        ShutdownReason = reason;
        Log?.Invoke($"cpu: shutdown: {reason} at {Seg((int)SegReg.CS).Selector:x4}:{_eip:x8}");
        StopWith(ExitReason.Shutdown);
    }

    internal static string Mnemonic(byte v) => v switch
    {
        Vector.DE => "DE", Vector.DB => "DB", Vector.NMI => "NMI", Vector.BP => "BP", Vector.OF => "OF",
        Vector.BR => "BR", Vector.UD => "UD", Vector.NM => "NM", Vector.DF => "DF", Vector.TS => "TS",
        Vector.NP => "NP", Vector.SS => "SS", Vector.GP => "GP", Vector.PF => "PF", Vector.MF => "MF",
        Vector.AC => "AC", Vector.MC => "MC", _ => $"vector {v}",
    };

    /// <summary>INT n / INT3 / INTO / INT1: a trap-like software interrupt, EIP already past the instruction.</summary>
    private void SoftwareInterrupt(byte vector, InterruptSource source)
    {
        if (V86Mode && Iopl < 3 && source == InterruptSource.IntN) Fault(Vector.GP, 0);
        DeliverInterrupt(vector, source, hasError: false, 0);
    }

    /// <summary>Raises an interrupt from the host (e.g. an NMI or a test harness), delivered before the next instruction.</summary>
    public void InjectInterrupt(byte vector)
    {
        _insnStart = _eip;
        _halted = false;
        try
        {
            DeliverInterrupt(vector, InterruptSource.External, hasError: false, 0);
        }
        catch (CpuFault)
        {
            DeliverPendingFault();
        }
    }

    private void DeliverInterrupt(byte vector, InterruptSource source, bool hasError, uint error)
    {
        // Faults were rewound to the faulting instruction by Run; traps and software interrupts point past it.
        uint returnEip = _eip;
        uint eflags = ReadEflags();
        // SDM 17.3.1.1: every fault-class exception pushes RF = 1 except an instruction-breakpoint #DB.
        if (source == InterruptSource.Exception && (IsFaultClass(vector) || vector == Vector.DB && !_codeBreakpointFault))
            eflags |= Flags.RF;
        if (!ProtectedMode) DeliverRealMode(vector, returnEip, eflags);
        else DeliverProtectedMode(vector, source, hasError, error, returnEip, eflags);
        _halted = false;
        Attention();
    }

    private void DeliverRealMode(byte vector, uint returnEip, uint eflags)
    {
        uint entry = (uint)vector * 4;
        if (entry + 3 > Idtr.Limit) Fault(Vector.GP, 0);
        uint target = ReadSystem(Idtr.Base + entry, 4);
        Push(eflags & 0xFFFF, 2);
        Push(Seg((int)SegReg.CS).Selector, 2);
        Push(returnEip & 0xFFFF, 2);
        _flags &= ~(Flags.IF | Flags.TF | Flags.AC | Flags.RF);
        ref var cs = ref Seg((int)SegReg.CS);
        cs.LoadReal((ushort)(target >> 16));
        _eip = target & 0xFFFF;
        InvalidateFetch();
    }

    private void DeliverProtectedMode(byte vector, InterruptSource source, bool hasError, uint error, uint returnEip, uint eflags)
    {
        uint ext = source is InterruptSource.Exception or InterruptSource.External or InterruptSource.DebugTrap ? 1u : 0;
        uint idtError = (uint)vector * 8 + 2 + ext;
        if ((uint)vector * 8 + 7 > Idtr.Limit) Fault(Vector.GP, idtError);
        uint lo = ReadSystem(Idtr.Base + (uint)vector * 8, 4), hi = ReadSystem(Idtr.Base + (uint)vector * 8 + 4, 4);
        int type = (int)(hi >> 8) & 0x1F;
        int gateDpl = (int)(hi >> 13) & 3;
        if (type is not (0x05 or 0x06 or 0x07 or 0x0E or 0x0F)) Fault(Vector.GP, idtError);
        if (source is InterruptSource.IntN or InterruptSource.Int3 or InterruptSource.Into && gateDpl < _cpl)
            Fault(Vector.GP, idtError);
        if ((hi & 0x8000) == 0) Fault(Vector.NP, idtError);
        if (type == 0x05)
        {
            Log?.Invoke($"cpu: task gate for vector {vector}: hardware task switching is not supported");
            Fault(Vector.GP, idtError);
        }
        bool gate32 = (type & 8) != 0, trapGate = (type & 1) != 0;
        ushort sel = (ushort)(lo >> 16);
        uint offset = gate32 ? (lo & 0xFFFF) | (hi & 0xFFFF_0000) : lo & 0xFFFF;
        var target = LoadCodeDescriptorForGate(sel, ext);
        var frame = new InterruptFrame(eflags, returnEip, hasError, error, gate32);
        if (!target.IsConforming && target.Dpl < _cpl) InterruptToInnerLevel(target, sel, offset, frame, ext);
        else if (V86Mode) Fault(Vector.GP, (uint)(sel & 0xFFFC) + ext);
        else InterruptToSameLevel(target, sel, offset, frame);
        _flags &= ~(Flags.TF | Flags.NT | Flags.RF | Flags.VM);
        if (!trapGate) _flags &= ~Flags.IF;
        OnModeChanged();
    }

    private readonly record struct InterruptFrame(uint Eflags, uint ReturnEip, bool HasError, uint Error, bool Gate32);

    private Descriptor LoadCodeDescriptorForGate(ushort sel, uint ext)
    {
        if ((sel & 0xFFFC) == 0) Fault(Vector.GP, ext);
        if (!ReadDescriptor(sel, out var desc)) Fault(Vector.GP, (uint)(sel & 0xFFFC) + ext);
        if (!desc.IsCode || desc.Dpl > _cpl) Fault(Vector.GP, (uint)(sel & 0xFFFC) + ext);
        if (!desc.Present) Fault(Vector.NP, (uint)(sel & 0xFFFC) + ext);
        return desc;
    }

    private void InterruptToSameLevel(Descriptor target, ushort sel, uint offset, InterruptFrame f)
    {
        if (offset > target.Limit) Fault(Vector.GP, 0);
        Span<uint> frame = stackalloc uint[4];
        int n = FillFrame(frame, f, Seg((int)SegReg.CS).Selector);
        ref var ss = ref Seg((int)SegReg.SS);
        uint esp = _r[4];
        uint sp = WriteFrame(ref ss, esp, frame[..n], f.Gate32 ? 4 : 2, user: _cpl == 3);
        _r[4] = ss.Big ? sp : (esp & 0xFFFF_0000) | sp;
        LoadCs(target, (ushort)((sel & 0xFFFC) | _cpl), _cpl);
        _eip = offset;
    }

    private void InterruptToInnerLevel(Descriptor target, ushort sel, uint offset, InterruptFrame f, uint ext)
    {
        int newCpl = target.Dpl;
        bool fromV86 = V86Mode;
        if (fromV86 && newCpl != 0) Fault(Vector.GP, (uint)(sel & 0xFFFC) + ext);
        var (newSs, newEsp) = ReadTssStack(newCpl, ext);
        var newSsCache = LoadStackDescriptorForSwitch(newSs, newCpl, ext).ToCache(newSs);
        if (offset > target.Limit) Fault(Vector.GP, 0);
        Span<uint> frame = stackalloc uint[10];
        int n = FillFrame(frame, f, Seg((int)SegReg.CS).Selector);
        frame[n++] = _r[4];
        frame[n++] = Seg((int)SegReg.SS).Selector;
        if (fromV86)
            foreach (var seg in (ReadOnlySpan<SegReg>)[SegReg.ES, SegReg.DS, SegReg.FS, SegReg.GS])
                frame[n++] = Seg((int)seg).Selector;
        uint sp = WriteFrame(ref newSsCache, newEsp, frame[..n], f.Gate32 ? 4 : 2, user: false);
        Seg((int)SegReg.SS) = newSsCache;
        _r[4] = newSsCache.Big ? sp : (newEsp & 0xFFFF_0000) | sp;
        if (fromV86)
            foreach (var seg in (ReadOnlySpan<SegReg>)[SegReg.ES, SegReg.DS, SegReg.FS, SegReg.GS])
                LoadNullSegment((int)seg);
        LoadCs(target, (ushort)((sel & 0xFFFC) | newCpl), newCpl);
        _eip = offset;
    }

    /// <summary>Fills the frame from the lowest address up: [error], EIP, CS, EFLAGS. Returns the count.</summary>
    private static int FillFrame(Span<uint> frame, InterruptFrame f, ushort cs)
    {
        int n = 0;
        if (f.HasError) frame[n++] = f.Error;
        frame[n++] = f.ReturnEip;
        frame[n++] = cs;
        frame[n++] = f.Eflags;
        return n;
    }

    /// <summary>Stores <paramref name="values"/> (lowest address first) below <paramref name="esp"/>; returns the new SP.</summary>
    private uint WriteFrame(ref SegmentCache ss, uint esp, ReadOnlySpan<uint> values, int size, bool user)
    {
        uint sp = (ss.Big ? esp : esp & 0xFFFF) - (uint)(values.Length * size);
        if (!ss.Big) sp &= 0xFFFF;
        for (int i = 0; i < values.Length; i++)
        {
            uint at = sp + (uint)(i * size);
            StackWrite(ref ss, ss.Big ? at : at & 0xFFFF, values[i], size, user);
        }
        return sp;
    }

    /// <summary>Writes to a stack segment given by its cache (limit → #SS(0)) with explicit privilege.</summary>
    private void StackWrite(ref SegmentCache ss, uint offset, uint value, int size, bool user)
    {
        if (!ss.InLimit(offset, size)) Fault(Vector.SS, 0);
        uint lin = ss.Base + offset;
        int bank = user ? UserBank : SupervisorBank;
        for (int k = 0; k < size; k++)
        {
            byte* host = TranslateToHost(lin + (uint)k, Access.Write, bank, out uint phys);
            byte b = (byte)(value >> (8 * k));
            if (host == null) Memory.Mmio.Write(phys, b, 1);
            else
            {
                host[(lin + (uint)k) & 0xFFF] = b;
                OnPhysicalWrite(phys);
            }
        }
    }

    /// <summary>SS:ESP for privilege level <paramref name="cpl"/> from the current TSS (SDM Vol. 3A, 7.2.1, 7.6).</summary>
    private (ushort Ss, uint Esp) ReadTssStack(int cpl, uint ext)
    {
        bool tss32 = (Tr.Type & 8) != 0;
        uint at = tss32 ? (uint)(cpl * 8 + 4) : (uint)(cpl * 4 + 2);
        uint width = tss32 ? 8u : 4u;
        if (!Tr.Present || at + width - 1 > Tr.Limit) Fault(Vector.TS, (uint)(Tr.Selector & 0xFFFC) + ext);
        if (tss32) return ((ushort)ReadSystem(Tr.Base + at + 4, 2), ReadSystem(Tr.Base + at, 4));
        return ((ushort)ReadSystem(Tr.Base + at + 2, 2), ReadSystem(Tr.Base + at, 2));
    }

    private Descriptor LoadStackDescriptorForSwitch(ushort ss, int cpl, uint ext)
    {
        uint err = (uint)(ss & 0xFFFC) + ext;
        if ((ss & 0xFFFC) == 0) Fault(Vector.TS, ext);
        if (!ReadDescriptor(ss, out var d)) Fault(Vector.TS, err);
        if ((ss & 3) != cpl || d.Dpl != cpl || !d.IsWritableData) Fault(Vector.TS, err);
        if (!d.Present) Fault(Vector.SS, err);
        return d;
    }
}
