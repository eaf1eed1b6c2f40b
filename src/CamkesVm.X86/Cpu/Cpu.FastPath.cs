using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Fast paths for the instruction forms that dominate 32-bit protected-mode code (compiler output: ALU,
/// MOV, LEA, PUSH/POP, Jcc/JMP/CALL/RET with 32-bit operands). The decoder classifies each instruction once,
/// resolving registers, the ALU operation and sign-extended immediates, so a cached instruction runs
/// without the size and form dispatch of <see cref="Execute"/>. Semantics are those of the general path:
/// the fast cases call the same ALU, lazy-flag, memory and control-transfer primitives. Anything not
/// classified here (other sizes, LOCK, 16-bit addressing, everything else) takes <see cref="Execute"/>.
/// Each kind has its own handler (Cpu.FastHandlers.cs), stored in the decoded instruction, so running a
/// cached instruction is one indirect call; ALU handlers are specialised per operation and operand source.
/// </summary>
public sealed unsafe partial class Cpu
{
    private static class FastOp
    {
        public const byte None = 0, AluRR = 1, AluRI = 2, AluRM = 3, AluMR = 4, AluMI = 5, IncR = 6, DecR = 7,
            PushR = 8, PopR = 9, MovRI = 10, MovRR = 11, MovRM = 12, MovMR = 13, MovMI = 14, Lea = 15,
            Jcc = 16, Jmp = 17, Call = 18, Ret = 19, TestRR = 20, PushI = 21, MovzxRM8 = 22, MovRM8 = 23,
            MovMR8 = 24, RepMovs = 25, RepStos = 26, AluRR8 = 27, AluRI8 = 28, TestRR8 = 29, TestRI = 30,
            TestRI8 = 31, ShiftRI = 32, MovzxRR8 = 33, MovzxRR16 = 34, MovzxRM16 = 35, MovsxRR8 = 36, MovsxRM8 = 37,
            MovsxRR16 = 38, MovsxRM16 = 39, SetccR = 40;
    }

    /// <summary>Sets <see cref="Insn.Fast"/> and its operand fields for the forms <see cref="ExecuteFast"/> handles.</summary>
    private static void ClassifyFast(ref Insn d)
    {
        d.Fast = FastOp.None;
        int op = d.Op;
        if (d.Rep == 0xF3 && d.A32 && !d.Lock && op is 0xA4 or 0xA5 or 0xAA or 0xAB)
        {
            d.Fast = op <= 0xA5 ? FastOp.RepMovs : FastOp.RepStos;   // any operand size
            return;
        }
        if (!d.O32 || d.Lock) return;
        bool reg = d.Mod == 3, mem = !reg && d.A32;
        if (op < 0x40 && (op & 7) < 6)
        {
            d.FOp = (byte)(op >> 3);
            switch (op & 7)
            {
                case 0 when reg: Set(ref d, FastOp.AluRR8, d.Rm, d.Reg); break;
                case 2 when reg: Set(ref d, FastOp.AluRR8, d.Reg, d.Rm); break;
                case 4: Set(ref d, FastOp.AluRI8, 0, 0, d.Imm & 0xFF); break;
                case 1 when reg: Set(ref d, FastOp.AluRR, d.Rm, d.Reg); break;
                case 1 when mem: d.Fast = FastOp.AluMR; break;
                case 3 when reg: Set(ref d, FastOp.AluRR, d.Reg, d.Rm); break;
                case 3 when mem: Set(ref d, FastOp.AluRM, d.Reg, 0); break;
                case 5: Set(ref d, FastOp.AluRI, 0, 0, d.Imm); break;
            }
            return;
        }
        switch (op)
        {
            case 0x81 or 0x83:
                d.FOp = d.Reg;
                uint imm = op == 0x83 ? (uint)(sbyte)d.Imm : d.Imm;
                if (reg) Set(ref d, FastOp.AluRI, d.Rm, 0, imm);
                else if (mem) d.Fast = FastOp.AluMI;
                break;
            case 0x80 or 0x82 when reg: d.FOp = d.Reg; Set(ref d, FastOp.AluRI8, d.Rm, 0, d.Imm & 0xFF); break;
            case 0x84 when reg: Set(ref d, FastOp.TestRR8, d.Rm, d.Reg); break;
            case 0xA8: Set(ref d, FastOp.TestRI8, 0, 0, d.Imm & 0xFF); break;
            case 0xA9: Set(ref d, FastOp.TestRI, 0, 0, d.Imm); break;
            case 0xF6 when reg && d.Reg < 2: Set(ref d, FastOp.TestRI8, d.Rm, 0, d.Imm & 0xFF); break;
            case 0xF7 when reg && d.Reg < 2: Set(ref d, FastOp.TestRI, d.Rm, 0, d.Imm); break;
            case 0xC1 when reg: d.FOp = d.Reg; Set(ref d, FastOp.ShiftRI, d.Rm, 0, d.Imm & 0xFF); break;
            case 0xD1 when reg: d.FOp = d.Reg; Set(ref d, FastOp.ShiftRI, d.Rm, 0, 1); break;
            case >= 0x190 and <= 0x19F when reg: d.FOp = (byte)(op & 0xF); Set(ref d, FastOp.SetccR, d.Rm, 0); break;
            case 0x1B6 when reg: Set(ref d, FastOp.MovzxRR8, d.Reg, d.Rm); break;
            case 0x1B7 when reg: Set(ref d, FastOp.MovzxRR16, d.Reg, d.Rm); break;
            case 0x1B7 when mem: Set(ref d, FastOp.MovzxRM16, d.Reg, 0); break;
            case 0x1BE when reg: Set(ref d, FastOp.MovsxRR8, d.Reg, d.Rm); break;
            case 0x1BE when mem: Set(ref d, FastOp.MovsxRM8, d.Reg, 0); break;
            case 0x1BF when reg: Set(ref d, FastOp.MovsxRR16, d.Reg, d.Rm); break;
            case 0x1BF when mem: Set(ref d, FastOp.MovsxRM16, d.Reg, 0); break;
            case >= 0x40 and <= 0x47: Set(ref d, FastOp.IncR, (byte)(op & 7), 0); break;
            case >= 0x48 and <= 0x4F: Set(ref d, FastOp.DecR, (byte)(op & 7), 0); break;
            case >= 0x50 and <= 0x57: Set(ref d, FastOp.PushR, (byte)(op & 7), 0); break;
            case >= 0x58 and <= 0x5F: Set(ref d, FastOp.PopR, (byte)(op & 7), 0); break;
            case 0x68: Set(ref d, FastOp.PushI, 0, 0, d.Imm); break;
            case 0x6A: Set(ref d, FastOp.PushI, 0, 0, (uint)(sbyte)d.Imm); break;
            case 0x85 when reg: Set(ref d, FastOp.TestRR, d.Rm, d.Reg); break;
            case 0x88 when mem: Set(ref d, FastOp.MovMR8, 0, d.Reg); break;
            case 0x89 when reg: Set(ref d, FastOp.MovRR, d.Rm, d.Reg); break;
            case 0x89 when mem: Set(ref d, FastOp.MovMR, 0, d.Reg); break;
            case 0x8A when mem: Set(ref d, FastOp.MovRM8, d.Reg, 0); break;
            case 0x8B when reg: Set(ref d, FastOp.MovRR, d.Reg, d.Rm); break;
            case 0x8B when mem: Set(ref d, FastOp.MovRM, d.Reg, 0); break;
            case 0x8D when mem: Set(ref d, FastOp.Lea, d.Reg, 0); break;
            case >= 0xB8 and <= 0xBF: Set(ref d, FastOp.MovRI, (byte)(op & 7), 0, d.Imm); break;
            case 0xC7 when mem && d.Reg == 0: Set(ref d, FastOp.MovMI, 0, 0, d.Imm); break;
            case >= 0x70 and <= 0x7F: d.FOp = (byte)(op & 0xF); Set(ref d, FastOp.Jcc, 0, 0, (uint)(sbyte)d.Imm); break;
            case >= 0x180 and <= 0x18F: d.FOp = (byte)(op & 0xF); Set(ref d, FastOp.Jcc, 0, 0, d.Imm); break;
            case 0xEB: Set(ref d, FastOp.Jmp, 0, 0, (uint)(sbyte)d.Imm); break;
            case 0xE9: Set(ref d, FastOp.Jmp, 0, 0, d.Imm); break;
            case 0xE8: Set(ref d, FastOp.Call, 0, 0, d.Imm); break;
            case 0xC3: d.Fast = FastOp.Ret; break;
            case 0x1B6 when mem: Set(ref d, FastOp.MovzxRM8, d.Reg, 0); break;
        }
    }

    private static void Set(ref Insn d, byte kind, byte a, byte b, uint imm = 0)
    {
        d.Fast = kind;
        d.FA = a;
        d.FB = b;
        d.FImm = imm;
    }

    /// <summary>Effective address with 32-bit addressing (the fast memory forms require it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint EffectiveAddress32(ref Insn d)
    {
        uint ea = d.Disp;
        if (d.Base >= 0) ea += _r[d.Base];
        if (d.Index >= 0) ea += _r[d.Index] << d.Scale;
        return ea;
    }

    /// <summary>The handler a cached instruction runs through (Cpu.FastHandlers.cs); <see cref="Generic"/> if not classified.</summary>
    private static delegate*<Cpu, Insn*, bool> HandlerFor(ref Insn d)
    {
        bool baseDisp = d.Base >= 0 && d.Index < 0;
        return d.Fast switch
        {
            FastOp.AluRR => AluHandler<RegSource>(d.FOp),
            FastOp.AluRI => AluHandler<ImmSource>(d.FOp),
            FastOp.AluRM => baseDisp ? AluHandler<MemSource<BaseDisp>>(d.FOp) : AluHandler<MemSource<AnyAddress>>(d.FOp),
            FastOp.TestRR => &Alu<TestOp, RegSource>,
            FastOp.TestRI => &Alu<TestOp, ImmSource>,
            FastOp.AluMR => &AluMR,
            FastOp.AluMI => &AluMI,
            FastOp.IncR => &IncR,
            FastOp.DecR => &DecR,
            FastOp.PushR => &PushR,
            FastOp.PopR => &PopR,
            FastOp.PushI => &PushI,
            FastOp.MovRI => &MovRI,
            FastOp.MovRR => &MovRR,
            FastOp.MovRM or FastOp.MovMR or FastOp.MovMI or FastOp.MovRM8 or FastOp.MovMR8 or FastOp.MovzxRM8
                or FastOp.MovzxRM16 or FastOp.MovsxRM8 or FastOp.MovsxRM16 or FastOp.Lea =>
                baseDisp ? MemoryHandler<BaseDisp>(d.Fast) : MemoryHandler<AnyAddress>(d.Fast),
            FastOp.Jcc => &Jcc,
            FastOp.Jmp => &Jmp,
            FastOp.Call => &Call,
            FastOp.Ret => &Ret,
            FastOp.AluRR8 => &AluRR8,
            FastOp.AluRI8 => &AluRI8,
            FastOp.TestRR8 => &TestRR8,
            FastOp.TestRI8 => &TestRI8,
            FastOp.ShiftRI => &ShiftRI,
            FastOp.SetccR => &SetccR,
            FastOp.MovzxRR8 => &MovzxRR8,
            FastOp.MovzxRR16 => &MovzxRR16,
            FastOp.MovsxRR8 => &MovsxRR8,
            FastOp.MovsxRR16 => &MovsxRR16,
            FastOp.RepMovs => &RepMovsHandler,
            FastOp.RepStos => &RepStosHandler,
            _ => &Generic,
        };
    }

    /// <summary>The handler of a memory-operand kind for the address form <typeparamref name="TA"/>.</summary>
    private static delegate*<Cpu, Insn*, bool> MemoryHandler<TA>(byte kind) where TA : struct, IAddress => kind switch
    {
        FastOp.MovRM => &MovRM<TA>,
        FastOp.MovMR => &MovMR<TA>,
        FastOp.MovMI => &MovMI<TA>,
        FastOp.MovRM8 => &MovRM8<TA>,
        FastOp.MovMR8 => &MovMR8<TA>,
        FastOp.MovzxRM8 => &MovzxRM8<TA>,
        FastOp.MovzxRM16 => &MovzxRM16<TA>,
        FastOp.MovsxRM8 => &MovsxRM8<TA>,
        FastOp.MovsxRM16 => &MovsxRM16<TA>,
        _ => &Lea<TA>,
    };

    private static delegate*<Cpu, Insn*, bool> AluHandler<TSource>(int op) where TSource : struct, IOperandSource => op switch
    {
        0 => &Alu<AddOp, TSource>,
        1 => &Alu<OrOp, TSource>,
        2 => &Alu<AdcOp, TSource>,
        3 => &Alu<SbbOp, TSource>,
        4 => &Alu<AndOp, TSource>,
        5 => &Alu<SubOp, TSource>,
        6 => &Alu<XorOp, TSource>,
        _ => &Alu<CmpOp, TSource>,
    };
}
