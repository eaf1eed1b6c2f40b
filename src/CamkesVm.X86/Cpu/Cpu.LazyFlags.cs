using System.Numerics;
using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Lazy arithmetic flags: ALU instructions record their operands and result; CF, PF, AF, ZF, SF and OF
/// are derived only when something reads them (Jcc, SETcc, PUSHF, interrupts). Flag semantics follow
/// the Intel SDM Vol. 1, 3.4.3.1 and each instruction's "Flags Affected" section.
/// </summary>
public sealed unsafe partial class Cpu
{
    private enum LazyOp : byte
    {
        None,   // all six flags live in _flags
        Add,    // a + b: a in _cfY, res in _cfX and _lfRes (b = res - a)
        Adc1,   // a + b + 1: a, b in _lfA, _lfB
        Sub,    // a - b: a in _cfX, b in _cfY
        Sbb1,   // a - b - 1: a, b in _lfA, _lfB
        Logic,  // CF = OF = AF = 0
        Inc,    // a + 1, a in _lfA; CF is the previous operation's
        Dec,    // a - 1, a in _lfA; CF is the previous operation's
        Result, // SF/ZF/PF from the result; AF, OF in _flags
    }

    // Unless _lfOp is None, CF = _cfX < _cfY: ADD and SUB store their operands there (res < a, a < b), the
    // others 0 and their carry. INC and DEC leave the pair alone, so they keep CF without computing it.
    private LazyOp _lfOp;
    private uint _lfA, _lfB, _lfRes, _lfSign, _cfX, _cfY;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SizeMask(int size) => size == 4 ? 0xFFFF_FFFFu : (1u << (size * 8)) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SignBit(int size) => 1u << (size * 8 - 1);

    /// <summary>Records an ALU result; <paramref name="a"/> and <paramref name="b"/> are already masked to the size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetLazy(LazyOp op, uint a, uint b, uint res, int size)
    {
        res &= SizeMask(size);
        _lfOp = op;
        _lfRes = res;
        _lfSign = SignBit(size);
        switch (op)
        {
            case LazyOp.Add: _cfX = res; _cfY = a; break;
            case LazyOp.Sub: _cfX = a; _cfY = b; break;
            case LazyOp.Logic: _cfX = 0; _cfY = 0; break;
            case LazyOp.Adc1: _lfA = a; _lfB = b; _cfX = 0; _cfY = res <= a ? 1u : 0; break;
            case LazyOp.Sbb1: _lfA = a; _lfB = b; _cfX = 0; _cfY = a <= b ? 1u : 0; break;
            default: _lfA = a; break;                         // Inc, Dec, Result: the carry pair stays
        }
    }

    /// <summary>Records SF/ZF/PF from <paramref name="res"/> and sets CF, OF (and clears AF) explicitly.</summary>
    private void SetResultFlags(uint res, int size, bool cf, bool of)
    {
        _flags = (_flags & ~(Flags.CF | Flags.OF | Flags.AF)) | (of ? Flags.OF : 0);
        _cfX = 0;
        _cfY = cf ? 1u : 0;
        SetLazy(LazyOp.Result, 0, 0, res, size);
    }

    /// <summary>Like <see cref="SetLazy"/> for INC/DEC: CF keeps its current value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetLazyKeepCarry(LazyOp op, uint a, uint res, int size)
    {
        if (_lfOp == LazyOp.None)
        {
            _cfX = 0;
            _cfY = _flags & Flags.CF;
        }
        SetLazy(op, a, 1, res, size);
    }

    private void SetLazyFlagsFrom(uint eflags)
    {
        _flags = (_flags & ~Flags.Arith) | (eflags & Flags.Arith);
        _lfOp = LazyOp.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool GetCF() => _lfOp == LazyOp.None ? (_flags & Flags.CF) != 0 : _cfX < _cfY;

    internal bool GetZF() => _lfOp == LazyOp.None ? (_flags & Flags.ZF) != 0 : _lfRes == 0;

    internal bool GetSF() => _lfOp == LazyOp.None ? (_flags & Flags.SF) != 0 : (_lfRes & _lfSign) != 0;

    internal bool GetPF() => _lfOp == LazyOp.None
        ? (_flags & Flags.PF) != 0
        : (BitOperations.PopCount(_lfRes & 0xFF) & 1) == 0;

    /// <summary>The first and second operands of the recorded ADD/ADC/SUB/SBB/INC/DEC.</summary>
    private uint LazyA => _lfOp switch { LazyOp.Add => _cfY, LazyOp.Sub => _cfX, _ => _lfA };

    private uint LazyB => _lfOp switch
    {
        LazyOp.Add => _lfRes - _cfY,
        LazyOp.Sub => _cfY,
        LazyOp.Inc or LazyOp.Dec => 1,
        _ => _lfB,
    };

    internal bool GetOF() => _lfOp switch
    {
        LazyOp.Add or LazyOp.Adc1 or LazyOp.Inc => ((LazyA ^ _lfRes) & (LazyB ^ _lfRes) & _lfSign) != 0,
        LazyOp.Sub or LazyOp.Sbb1 or LazyOp.Dec => ((LazyA ^ LazyB) & (LazyA ^ _lfRes) & _lfSign) != 0,
        LazyOp.Logic => false,
        _ => (_flags & Flags.OF) != 0,
    };

    internal bool GetAF() => _lfOp switch
    {
        LazyOp.None or LazyOp.Result => (_flags & Flags.AF) != 0,
        LazyOp.Logic => false,
        _ => ((LazyA ^ LazyB ^ _lfRes) & 0x10) != 0,
    };

    /// <summary>Evaluates condition code <paramref name="cc"/> (the low nibble of Jcc/SETcc/CMOVcc; SDM Vol. 1, B.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Condition(int cc)
    {
        bool r = (cc >> 1) switch
        {
            0 => GetOF(),
            1 => GetCF(),
            2 => GetZF(),
            3 => GetCF() || GetZF(),
            4 => GetSF(),
            5 => GetPF(),
            6 => GetSF() != GetOF(),
            _ => GetZF() || GetSF() != GetOF(),
        };
        return r ^ ((cc & 1) != 0);
    }

    /// <summary>Folds the lazy state into <see cref="_flags"/>.</summary>
    private void MaterializeFlags()
    {
        if (_lfOp == LazyOp.None) return;
        uint f = _flags & ~Flags.Arith;
        if (GetCF()) f |= Flags.CF;
        if (GetPF()) f |= Flags.PF;
        if (GetAF()) f |= Flags.AF;
        if (GetZF()) f |= Flags.ZF;
        if (GetSF()) f |= Flags.SF;
        if (GetOF()) f |= Flags.OF;
        _flags = f;
        _lfOp = LazyOp.None;
    }

    private uint ReadEflags()
    {
        MaterializeFlags();
        return _flags;
    }

    /// <summary>Sets EFLAGS with no privilege checks (embedding API, IRET from CPL0 paths do their own masking).</summary>
    private void WriteEflagsRaw(uint value)
    {
        uint old = _flags;
        _flags = (value & 0x003F_7FD5u) | Flags.Reserved1;
        _lfOp = LazyOp.None;
        if (((old ^ _flags) & Flags.VM) != 0) OnModeChanged();
        if ((_flags & (Flags.TF | Flags.IF | Flags.RF)) != 0) Attention();
    }
}
