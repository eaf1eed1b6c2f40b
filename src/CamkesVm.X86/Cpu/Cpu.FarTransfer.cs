namespace CamkesVm.X86.Cpu;

/// <summary>
/// Far JMP/CALL/RET and IRET (Intel SDM Vol. 2, "JMP", "CALL", "RET", "IRET"; Vol. 3A, 5.8): direct
/// transfers to conforming and non-conforming code, call gates with a stack switch and parameter copy,
/// returns to outer privilege levels, and IRET to virtual-8086 mode. Task gates and TSS targets raise #GP
/// with a log line (hardware task switching is not supported).
/// </summary>
public sealed unsafe partial class Cpu
{
    private void JumpFar(ref Insn d, ushort sel, uint offset)
    {
        if (!d.O32) offset &= 0xFFFF;
        if (!ProtectedMode || V86Mode)
        {
            LoadSegment((int)SegReg.CS, sel);
            JumpTo(offset, true);
            return;
        }
        var (desc, gateOffset, isGate) = ResolveFarTarget(sel, call: false);
        if (isGate) offset = gateOffset;
        if (offset > desc.Limit) Fault(Vector.GP, 0);
        LoadCs(desc, isGate ? _gateTargetSel : sel, _cpl);
        _eip = offset;
    }

    private ushort _gateTargetSel;
    private int _gateParamCount;
    private bool _gate32;

    private void CallFar(ref Insn d, ushort sel, uint offset)
    {
        int s = d.OpSize;
        if (!d.O32) offset &= 0xFFFF;
        if (!ProtectedMode || V86Mode)
        {
            ushort oldCs = Seg((int)SegReg.CS).Selector;
            uint oldEsp = _r[4];
            Push(oldCs, s);
            try { Push(_eip, s); }
            catch (CpuFault) { _r[4] = oldEsp; throw; }
            LoadSegment((int)SegReg.CS, sel);
            _eip = offset;
            return;
        }
        var (desc, gateOffset, isGate) = ResolveFarTarget(sel, call: true);
        if (isGate && !desc.IsConforming && desc.Dpl < _cpl)
        {
            CallGateToInnerLevel(desc, gateOffset);
            return;
        }
        if (isGate) { offset = gateOffset; s = _gate32 ? 4 : 2; sel = _gateTargetSel; }
        if (offset > desc.Limit) Fault(Vector.GP, 0);
        ref var ss = ref Seg((int)SegReg.SS);
        Span<uint> frame = [_eip, Seg((int)SegReg.CS).Selector];
        uint esp = _r[4];
        uint sp = WriteFrame(ref ss, esp, frame, s, user: _cpl == 3);
        _r[4] = ss.Big ? sp : (esp & 0xFFFF_0000) | sp;
        LoadCs(desc, sel, _cpl);
        _eip = offset;
    }

    /// <summary>
    /// Checks a far JMP/CALL target selector. Returns the code descriptor to load; for a call gate also the
    /// gate's offset (and sets <see cref="_gateTargetSel"/>, parameter count and size).
    /// </summary>
    private (Descriptor Code, uint GateOffset, bool IsGate) ResolveFarTarget(ushort sel, bool call)
    {
        uint err = (uint)(sel & 0xFFFC);
        if (err == 0) Fault(Vector.GP, 0);
        if (!ReadDescriptor(sel, out var d)) Fault(Vector.GP, err);
        if (d.IsCode)
        {
            if (d.IsConforming ? d.Dpl > _cpl : (sel & 3) > _cpl || d.Dpl != _cpl) Fault(Vector.GP, err);
            if (!d.Present) Fault(Vector.NP, err);
            return (d, 0, false);
        }
        if (!d.IsSystem) Fault(Vector.GP, err);
        switch (d.Type)
        {
            case 0x4: case 0xC: return ResolveCallGate(sel, d, call);
            case 0x1: case 0x3: case 0x5: case 0x9: case 0xB:
                Log?.Invoke($"cpu: far {(call ? "call" : "jump")} to task gate/TSS {sel:x4}: hardware task switching is not supported");
                Fault(Vector.GP, err);
                break;
        }
        Fault(Vector.GP, err);
        return default;
    }

    private (Descriptor, uint, bool) ResolveCallGate(ushort sel, Descriptor gate, bool call)
    {
        uint err = (uint)(sel & 0xFFFC);
        if (gate.Dpl < _cpl || gate.Dpl < (sel & 3)) Fault(Vector.GP, err);
        if (!gate.Present) Fault(Vector.NP, err);
        ushort target = (ushort)(gate.Lo >> 16);
        uint terr = (uint)(target & 0xFFFC);
        if (terr == 0) Fault(Vector.GP, 0);
        if (!ReadDescriptor(target, out var code)) Fault(Vector.GP, terr);
        if (!code.IsCode || code.Dpl > _cpl) Fault(Vector.GP, terr);
        if (!call && !code.IsConforming && code.Dpl != _cpl) Fault(Vector.GP, terr);
        if (!code.Present) Fault(Vector.NP, terr);
        _gate32 = gate.Type == 0xC;
        _gateParamCount = (int)(gate.Hi & 0x1F);
        _gateTargetSel = (ushort)((target & 0xFFFC) | _cpl);
        uint offset = _gate32 ? (gate.Lo & 0xFFFF) | (gate.Hi & 0xFFFF_0000) : gate.Lo & 0xFFFF;
        return (code, offset, true);
    }

    /// <summary>CALL through a call gate to a more privileged level: new stack from the TSS, parameters copied.</summary>
    private void CallGateToInnerLevel(Descriptor code, uint offset)
    {
        int newCpl = code.Dpl;
        int s = _gate32 ? 4 : 2;
        var (newSs, newEsp) = ReadTssStack(newCpl, 0);
        var ssCache = LoadStackDescriptorForSwitch(newSs, newCpl, 0).ToCache(newSs);
        if (offset > code.Limit) Fault(Vector.GP, 0);
        int n = _gateParamCount;
        Span<uint> frame = stackalloc uint[4 + 31];
        frame[0] = _eip;
        frame[1] = Seg((int)SegReg.CS).Selector;
        for (int i = 0; i < n; i++) frame[2 + i] = PeekStack(s, (uint)(i * s));
        frame[2 + n] = _r[4];
        frame[3 + n] = Seg((int)SegReg.SS).Selector;
        uint sp = WriteFrame(ref ssCache, newEsp, frame[..(4 + n)], s, user: false);
        Seg((int)SegReg.SS) = ssCache;
        _r[4] = ssCache.Big ? sp : (newEsp & 0xFFFF_0000) | sp;
        LoadCs(code, (ushort)((_gateTargetSel & 0xFFFC) | newCpl), newCpl);
        _eip = offset;
    }

    private void RetFar(ref Insn d, ushort release)
    {
        int s = d.OpSize;
        uint offset = PeekStack(s);
        ushort sel = (ushort)PeekStack(s, (uint)s);
        if (!ProtectedMode || V86Mode)
        {
            LoadSegment((int)SegReg.CS, sel);
            _eip = s == 2 ? offset & 0xFFFF : offset;
            AdjustStack(2 * s + release);
            return;
        }
        var code = CheckReturnCode(sel);
        int rpl = sel & 3;
        if (offset > code.Limit) Fault(Vector.GP, 0);
        if (rpl == _cpl)
        {
            LoadCs(code, sel, _cpl);
            _eip = offset;
            AdjustStack(2 * s + release);
            return;
        }
        uint espOut = PeekStack(s, (uint)(2 * s + release));
        ushort ssOut = (ushort)PeekStack(s, (uint)(3 * s + release));
        var ssCache = CheckOuterStack(ssOut, rpl);
        LoadCs(code, sel, rpl);
        _eip = offset;
        Seg((int)SegReg.SS) = ssCache;
        espOut += release;
        _r[4] = ssCache.Big ? espOut : (_r[4] & 0xFFFF_0000) | (espOut & 0xFFFF);
        NullifyInaccessibleSegments();
    }

    /// <summary>Checks the CS selector popped by RETF/IRET (SDM "RET": RPL ≥ CPL, DPL rules, presence).</summary>
    private Descriptor CheckReturnCode(ushort sel)
    {
        uint err = (uint)(sel & 0xFFFC);
        if (err == 0) Fault(Vector.GP, 0);
        if (!ReadDescriptor(sel, out var code)) Fault(Vector.GP, err);
        int rpl = sel & 3;
        if (!code.IsCode || rpl < _cpl) Fault(Vector.GP, err);
        if (code.IsConforming ? code.Dpl > rpl : code.Dpl != rpl) Fault(Vector.GP, err);
        if (!code.Present) Fault(Vector.NP, err);
        return code;
    }

    private SegmentCache CheckOuterStack(ushort ss, int rpl)
    {
        uint err = (uint)(ss & 0xFFFC);
        if (err == 0) Fault(Vector.GP, 0);
        if (!ReadDescriptor(ss, out var d)) Fault(Vector.GP, err);
        if ((ss & 3) != rpl || d.Dpl != rpl || !d.IsWritableData) Fault(Vector.GP, err);
        if (!d.Present) Fault(Vector.SS, err);
        MarkAccessed(ss, d);
        return d.ToCache(ss);
    }

    private void Iret(ref Insn d)
    {
        int s = d.OpSize;
        if (!ProtectedMode) { IretReal(s); return; }
        if (V86Mode)
        {
            if (Iopl < 3) Fault(Vector.GP, 0);
            IretReal(s);
            return;
        }
        if ((_flags & Flags.NT) != 0)
        {
            Log?.Invoke("cpu: IRET with NT set (task return): hardware task switching is not supported");
            Fault(Vector.GP, 0);
        }
        uint offset = PeekStack(s);
        ushort sel = (ushort)PeekStack(s, (uint)s);
        uint flags = PeekStack(s, (uint)(2 * s));
        if (s == 4 && (flags & Flags.VM) != 0 && _cpl == 0)
        {
            IretToV86(offset, sel, flags);
            return;
        }
        var code = CheckReturnCode(sel);
        int rpl = sel & 3;
        if (offset > code.Limit) Fault(Vector.GP, 0);
        int oldCpl = _cpl;
        if (rpl == _cpl)
        {
            LoadCs(code, sel, rpl);
            AdjustStack(3 * s);
        }
        else
        {
            uint espOut = PeekStack(s, (uint)(3 * s));
            ushort ssOut = (ushort)PeekStack(s, (uint)(4 * s));
            var ssCache = CheckOuterStack(ssOut, rpl);
            LoadCs(code, sel, rpl);
            Seg((int)SegReg.SS) = ssCache;
            _r[4] = ssCache.Big ? espOut : (_r[4] & 0xFFFF_0000) | (espOut & 0xFFFF);
        }
        _eip = offset;
        WriteFlagsAfterIret(flags, s, oldCpl);
        if (rpl != oldCpl) NullifyInaccessibleSegments();
    }

    /// <summary>EFLAGS from an IRET frame: IOPL only at CPL0, IF only when CPL ≤ IOPL (SDM "IRET").</summary>
    private void WriteFlagsAfterIret(uint flags, int s, int oldCpl)
    {
        uint mask = Flags.Arith | Flags.TF | Flags.DF | Flags.NT | Flags.RF | Flags.AC | Flags.ID;
        if (oldCpl == 0) mask |= Flags.IOPL | Flags.VIF | Flags.VIP;
        if (oldCpl <= Iopl) mask |= Flags.IF;
        if (s == 2) mask &= 0xFFFF;
        uint cur = ReadEflags();
        WriteEflagsRaw((cur & ~mask) | (flags & mask));
        UpdateMmuMode();
    }

    private void IretReal(int s)
    {
        uint offset = PeekStack(s);
        ushort sel = (ushort)PeekStack(s, (uint)s);
        uint flags = PeekStack(s, (uint)(2 * s));
        if (s == 2 ? offset > Seg((int)SegReg.CS).HighOffset && !V86Mode : false) Fault(Vector.GP, 0);
        LoadSegment((int)SegReg.CS, sel);
        _eip = offset;
        AdjustStack(3 * s);
        uint mask = Flags.Arith | Flags.TF | Flags.DF | Flags.NT | Flags.IF | Flags.AC | Flags.ID | Flags.IOPL | Flags.RF;
        if (V86Mode) mask &= ~Flags.IOPL;
        if (s == 2) mask &= 0xFFFF;
        WriteEflagsRaw((ReadEflags() & ~mask) | (flags & mask));
        UpdateMmuMode();
    }

    /// <summary>IRET from CPL0 with VM set in the image: pops ESP, SS, ES, DS, FS, GS and enters virtual-8086 mode.</summary>
    private void IretToV86(uint offset, ushort cs, uint flags)
    {
        Span<uint> v = stackalloc uint[6];
        for (int i = 0; i < 6; i++) v[i] = PeekStack(4, (uint)(12 + 4 * i));
        WriteEflagsRaw(flags);
        _r[4] = v[0];
        LoadSegment((int)SegReg.SS, (ushort)v[1]);
        LoadSegment((int)SegReg.ES, (ushort)v[2]);
        LoadSegment((int)SegReg.DS, (ushort)v[3]);
        LoadSegment((int)SegReg.FS, (ushort)v[4]);
        LoadSegment((int)SegReg.GS, (ushort)v[5]);
        LoadSegment((int)SegReg.CS, cs);
        _eip = offset & 0xFFFF;
        _cpl = 3;
        UpdateMmuMode();
    }
}
