namespace CamkesVm.X86.Cpu;

/// <summary>
/// String instructions MOVS CMPS STOS LODS SCAS INS OUTS with REP/REPE/REPNE (Intel SDM Vol. 2, "REP").
/// Registers are updated after every element, so a fault in the middle leaves a restartable state.
/// </summary>
public sealed unsafe partial class Cpu
{
    private uint Counter(ref Insn d) => d.A32 ? _r[1] : _r[1] & 0xFFFF;

    private void SetCounter(ref Insn d, uint v)
    {
        if (d.A32) _r[1] = v;
        else SetReg(1, v, 2);
    }

    private uint Index(ref Insn d, int r) => d.A32 ? _r[r] : _r[r] & 0xFFFF;

    private void Advance(ref Insn d, int r, int size)
    {
        uint step = (_flags & Flags.DF) != 0 ? (uint)-size : (uint)size;
        if (d.A32) _r[r] += step;
        else SetReg(r, _r[r] + step, 2);
    }

    private const int SI = 6, DI = 7;

    /// <summary>Elements a repeated string instruction runs before it yields to the execution loop.</summary>
    private const int RepeatChunk = 4096;

    /// <summary>
    /// Runs one element per call of <paramref name="element"/>, honouring REP and, for CMPS/SCAS, REPE/REPNE.
    /// A long repetition stops after <see cref="RepeatChunk"/> elements with EIP back on the instruction, as
    /// when the processor takes an interrupt between iterations (SDM Vol. 2, "REP"), so budgets, exits and
    /// interrupts are served during huge counts.
    /// </summary>
    private void Repeat(ref Insn d, bool conditional, Action<Cpu, Insn> element)
    {
        if (d.Rep == 0)
        {
            element(this, d);
            return;
        }
        int done = 0;
        while (Counter(ref d) != 0)
        {
            if (done++ == RepeatChunk)
            {
                _eip = _insnStart;
                return;
            }
            element(this, d);
            SetCounter(ref d, Counter(ref d) - 1);
            if (conditional && GetZF() != (d.Rep == 0xF3)) break;
        }
    }

    private static readonly Action<Cpu, Insn> MovsElement = static (c, d) =>
    {
        int s = ByteOrV(ref d, d.Op);
        uint v = c.ReadMem(d.Seg, c.Index(ref d, SI), s);
        c.WriteMem((int)SegReg.ES, c.Index(ref d, DI), v, s);
        c.Advance(ref d, SI, s);
        c.Advance(ref d, DI, s);
    };

    private static readonly Action<Cpu, Insn> CmpsElement = static (c, d) =>
    {
        int s = ByteOrV(ref d, d.Op);
        uint a = c.ReadMem(d.Seg, c.Index(ref d, SI), s);
        uint b = c.ReadMem((int)SegReg.ES, c.Index(ref d, DI), s);
        c.Alu(7, a, b, s);
        c.Advance(ref d, SI, s);
        c.Advance(ref d, DI, s);
    };

    private static readonly Action<Cpu, Insn> StosElement = static (c, d) =>
    {
        int s = ByteOrV(ref d, d.Op);
        c.WriteMem((int)SegReg.ES, c.Index(ref d, DI), c.GetReg(0, s), s);
        c.Advance(ref d, DI, s);
    };

    private static readonly Action<Cpu, Insn> LodsElement = static (c, d) =>
    {
        int s = ByteOrV(ref d, d.Op);
        c.SetReg(0, c.ReadMem(d.Seg, c.Index(ref d, SI), s), s);
        c.Advance(ref d, SI, s);
    };

    private static readonly Action<Cpu, Insn> ScasElement = static (c, d) =>
    {
        int s = ByteOrV(ref d, d.Op);
        c.Alu(7, c.GetReg(0, s), c.ReadMem((int)SegReg.ES, c.Index(ref d, DI), s), s);
        c.Advance(ref d, DI, s);
    };

    private static readonly Action<Cpu, Insn> InsElement = static (c, d) =>
    {
        int s = ByteOrV(ref d, d.Op);
        ushort port = (ushort)c._r[2];
        uint addr = c.Index(ref d, DI);
        c.WriteLinear((int)SegReg.ES, addr, s);              // check the destination before the port is read
        c.CheckIoBreakpoint(port, s);
        uint v = c.Ports.In(port, s);
        c.WriteMem((int)SegReg.ES, addr, v, s);
        c.Advance(ref d, DI, s);
    };

    private static readonly Action<Cpu, Insn> OutsElement = static (c, d) =>
    {
        int s = ByteOrV(ref d, d.Op);
        uint v = c.ReadMem(d.Seg, c.Index(ref d, SI), s);
        c.CheckIoBreakpoint((ushort)c._r[2], s);
        c.Ports.Out((ushort)c._r[2], v, s);
        c.Advance(ref d, SI, s);
    };

    private void Movs(ref Insn d) => Repeat(ref d, false, MovsElement);
    private void Cmps(ref Insn d) => Repeat(ref d, true, CmpsElement);
    private void Stos(ref Insn d) => Repeat(ref d, false, StosElement);
    private void Lods(ref Insn d) => Repeat(ref d, false, LodsElement);
    private void Scas(ref Insn d) => Repeat(ref d, true, ScasElement);

    private void StringIo(ref Insn d)
    {
        int s = ByteOrV(ref d, d.Op);
        CheckIoPermission((ushort)_r[2], s);
        Repeat(ref d, false, d.Op <= 0x6D ? InsElement : OutsElement);
    }
}
