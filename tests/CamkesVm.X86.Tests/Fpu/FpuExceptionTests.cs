using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Fpu;

/// <summary>
/// #NM and #MF against the SDM. #NM: Vol. 3A, Table 2-2 ("Interpretation of the EM, MP and TS flags"): an x87
/// instruction faults when EM or TS is set, WAIT/FWAIT only when MP and TS are both set. #MF: Vol. 1, 8.7 and
/// Vol. 3A, 6.15 "Interrupt 16": with CR0.NE = 1 an unmasked exception sets ES and is reported as a fault on
/// the next waiting x87 instruction or FWAIT (EIP of that instruction); the non-waiting FNSTSW/FNCLEX/FNINIT do
/// not report it; with CR0.NE = 0 the CPU signals FERR# (IRQ13 on a PC) instead.
/// </summary>
public class FpuExceptionTests
{
    private const ushort DivideByZeroUnmasked = 0x037B;   // FNINIT's 037F with ZM (bit 2) clear

    public static TheoryData<bool, bool, bool> Cr0Combinations()
    {
        var d = new TheoryData<bool, bool, bool>();
        foreach (bool em in new[] { false, true })
            foreach (bool mp in new[] { false, true })
                foreach (bool ts in new[] { false, true })
                    d.Add(em, mp, ts);
        return d;
    }

    private static uint Cr0Bits(bool em, bool mp, bool ts) => (em ? CrBits.EM : 0) | (mp ? CrBits.MP : 0) | (ts ? CrBits.TS : 0);

    private static int? FirstException(Action<Assembler> code, uint cr0)
    {
        using var m = TestMachine.RunProgram(code, t => t.Cpu.Cr0 |= cr0);
        if (m.RecordedException is { } v) Assert.Equal(TestMachine.CodeBase, m.RecordedEip);
        return m.RecordedException;
    }

    [Theory, MemberData(nameof(Cr0Combinations))]
    public void NM_follows_table_2_2(bool em, bool mp, bool ts)
    {
        uint cr0 = Cr0Bits(em, mp, ts);
        int? escape = em || ts ? 7 : null;
        int? wait = mp && ts ? 7 : null;
        Assert.Equal(escape, FirstException(a => a.fld1(), cr0));
        Assert.Equal(escape, FirstException(a => a.fnstsw(ax), cr0));      // non-waiting, but still an ESC opcode
        Assert.Equal(wait, FirstException(a => a.wait(), cr0));
    }

    [Fact]
    public void CLTS_lets_the_instruction_run_after_NM()
    {
        using var m = TestMachine.RunProgram(a => { a.clts(); a.fld1(); a.fistp(__dword_ptr[0x4000]); }, t => t.Cpu.Cr0 |= CrBits.TS | CrBits.MP);
        Assert.Null(m.RecordedException);
        Assert.Equal(1u, m.Memory.ReadUInt32(0x4000));
    }

    /// <summary>FNINIT; FLDCW (ZM clear); 1/0 — the unmasked #Z is only recorded (ES), then <paramref name="next"/>.</summary>
    private static TestMachine DivideByZeroThen(Action<Assembler> next, bool ne, Action? ferr = null) =>
        TestMachine.RunProgram(a =>
        {
            a.fninit();
            a.fldcw(__word_ptr[0x4000]);
            a.fld1();
            a.fldz();
            a.fdivp(st1, st0);
            a.mov(__dword_ptr[0x4010], 1);                                 // reached: no exception yet
            a.fnstsw(ax);                                                   // non-waiting: no #MF
            a.mov(__dword_ptr[0x4014], 1);
            a.nop();                                                        // marks where the tested instruction starts
            next(a);
            a.mov(__dword_ptr[0x4018], 1);
        }, t =>
        {
            t.Memory.WriteUInt32(0x4000, DivideByZeroUnmasked);
            if (ne) t.Cpu.Cr0 |= CrBits.NE;
            if (ferr != null) t.Cpu.FpuErrorAsserted = ferr;
        });

    [Theory]
    [InlineData("fwait")]
    [InlineData("fld1")]
    [InlineData("fadd")]
    public void Unmasked_exception_is_MF_on_the_next_waiting_instruction_with_CR0_NE(string next)
    {
        using var m = DivideByZeroThen(a =>
        {
            switch (next)
            {
                case "fwait": a.wait(); break;
                case "fld1": a.fld1(); break;
                default: a.fadd(st0, st0); break;
            }
        }, ne: true);
        uint at = FaultAddress(m);
        Assert.Equal(16, m.RecordedException);
        Assert.Equal(1u, m.Memory.ReadUInt32(0x4014));                     // FDIVP and FNSTSW completed
        Assert.Equal(0u, m.Memory.ReadUInt32(0x4018));
        Assert.Equal(0x84u, m.Cpu.Eax & 0x84);                              // FNSTSW saw ES and ZE
        Assert.Equal(at, m.RecordedEip);
    }

    /// <summary>The instruction after the NOP that precedes the tested one: where #MF must point.</summary>
    private static uint FaultAddress(TestMachine m)
    {
        for (uint p = TestMachine.CodeBase; p < TestMachine.CodeBase + 64; p++)
            if (m.Memory.ReadByte(p) == 0x90) return p + 1;
        throw new InvalidOperationException("no NOP marker in the program");
    }

    [Theory]
    [InlineData("fnclex")]
    [InlineData("fninit")]
    public void FNCLEX_and_FNINIT_clear_the_pending_exception_without_MF(string clear)
    {
        using var m = DivideByZeroThen(a =>
        {
            if (clear == "fnclex") a.fnclex(); else a.fninit();
            a.wait();
        }, ne: true);
        Assert.Null(m.RecordedException);
        Assert.Equal(1u, m.Memory.ReadUInt32(0x4018));
    }

    [Fact]
    public void With_CR0_NE_clear_the_error_is_signalled_on_FERR_and_execution_goes_on()
    {
        int ferr = 0;
        using var m = DivideByZeroThen(a => a.wait(), ne: false, ferr: () => ferr++);
        Assert.Null(m.RecordedException);
        Assert.Equal(1u, m.Memory.ReadUInt32(0x4018));
        Assert.True(ferr >= 1, "FERR# was not signalled");
    }
}
