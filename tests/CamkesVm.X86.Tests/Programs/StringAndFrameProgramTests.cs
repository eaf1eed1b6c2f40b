using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Programs;

/// <summary>
/// String instructions with REP/REPE/REPNE, DF and address size; ENTER/LEAVE; PUSHA/POPA; far CALL/RET/JMP;
/// LOOP/JCXZ with address size; 16-bit addressing modes. Expected values follow the SDM Vol. 2 pseudocode
/// of each instruction (cited per test).
/// </summary>
public class StringAndFrameProgramTests
{
    private static TestMachine Run(Action<Assembler> emit, Action<TestMachine>? setup = null)
    {
        var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        setup?.Invoke(m);
        var a = new Assembler(32);
        emit(a);
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Null(m.RecordedException);
        return m;
    }

    private static void Fill(TestMachine m, uint at, string s) => m.Memory.Write(at, System.Text.Encoding.ASCII.GetBytes(s));

    [Fact]
    public void Rep_movsb_forward_copies_and_advances()
    {
        using var m = Run(a => { a.mov(esi, 0x3000); a.mov(edi, 0x4000); a.mov(ecx, 10); a.cld(); a.rep.movsb(); },
            m => Fill(m, 0x3000, "0123456789ABC"));
        Assert.Equal("0123456789", System.Text.Encoding.ASCII.GetString(m.Memory.RamSpan.Slice(0x4000, 10)));
        Assert.Equal(0, m.Memory.RamSpan[0x400A]);
        Assert.Equal((0x300Au, 0x400Au, 0u), (m.Cpu.Esi, m.Cpu.Edi, m.Cpu.Ecx));
    }

    [Fact]
    public void Rep_movsd_with_df_set_copies_backwards()
    {
        using var m = Run(a => { a.mov(esi, 0x3008); a.mov(edi, 0x4008); a.mov(ecx, 3); a.std(); a.rep.movsd(); a.cld(); },
            m => { m.Memory.WriteUInt32(0x3000, 1); m.Memory.WriteUInt32(0x3004, 2); m.Memory.WriteUInt32(0x3008, 3); });
        Assert.Equal((1u, 2u, 3u), (m.Memory.ReadUInt32(0x4000), m.Memory.ReadUInt32(0x4004), m.Memory.ReadUInt32(0x4008)));
        Assert.Equal((0x2FFCu, 0x3FFCu), (m.Cpu.Esi, m.Cpu.Edi));
    }

    [Fact]
    public void Rep_stosw_with_16_bit_address_size_uses_cx_and_di()
    {
        // SDM "REP": with 16-bit address size the count is CX and the index DI; the upper halves stay.
        using var m = Run(a =>
        {
            a.mov(ecx, 0xABCD_0003);
            a.mov(edi, 0x0001_4000);
            a.mov(eax, 0x5A5A_BEEF);
            a.db(0xF3, 0x67, 0x66, 0xAB);   // rep a16 stosw
        });
        Assert.Equal(0xBEEF_BEEFu, m.Memory.ReadUInt32(0x4000));
        Assert.Equal(0xBEEFu, m.Memory.ReadUInt32(0x4004) & 0xFFFF);
        Assert.Equal(0u, m.Memory.ReadUInt32(0x14000));
        Assert.Equal(0xABCD_0000u, m.Cpu.Ecx);
        Assert.Equal(0x0001_4006u, m.Cpu.Edi);
    }

    [Fact]
    public void Repe_cmpsb_stops_after_the_first_mismatch()
    {
        using var m = Run(a => { a.mov(esi, 0x3000); a.mov(edi, 0x4000); a.mov(ecx, 6); a.repe.cmpsb(); a.setb(bl); a.setz(bh); },
            m => { Fill(m, 0x3000, "abcdef"); Fill(m, 0x4000, "abcxef"); });
        Assert.Equal(2u, m.Cpu.Ecx);
        Assert.Equal(0x3004u, m.Cpu.Esi);
        Assert.Equal(0x4004u, m.Cpu.Edi);
        Assert.Equal(0x0001u, m.Cpu.Ebx & 0xFFFF);     // 'd' < 'x': CF=1, ZF=0
    }

    [Fact]
    public void Repne_scasb_finds_the_terminator()
    {
        using var m = Run(a => { a.mov(edi, 0x4000); a.mov(ecx, 100); a.xor(eax, eax); a.repne.scasb(); a.setz(bl); },
            m => Fill(m, 0x4000, "hello\0world"));
        Assert.Equal(94u, m.Cpu.Ecx);
        Assert.Equal(0x4006u, m.Cpu.Edi);
        Assert.Equal(1u, m.Cpu.Ebx & 0xFF);
    }

    [Fact]
    public void Rep_with_zero_count_does_nothing_and_keeps_flags()
    {
        using var m = Run(a => { a.mov(esi, 0x3000); a.mov(edi, 0x4000); a.xor(ecx, ecx); a.stc(); a.repe.cmpsb(); a.rep.movsb(); a.setb(bl); },
            m => Fill(m, 0x3000, "x"));
        Assert.Equal((0x3000u, 0x4000u), (m.Cpu.Esi, m.Cpu.Edi));
        Assert.Equal(0, m.Memory.RamSpan[0x4000]);
        Assert.Equal(1u, m.Cpu.Ebx & 0xFF);
    }

    [Fact]
    public void Movs_honours_a_source_segment_override_and_lods_stos_step()
    {
        using var m = Run(a =>
        {
            a.mov(ax, 0x40);
            a.mov(fs, ax);
            a.mov(esi, 0x10);
            a.mov(edi, 0x4000);
            a.db(0x64, 0xA5);           // movsd with FS: source
            a.mov(esi, 0x3000);
            a.lodsd();
            a.stosb();
        }, m =>
        {
            m.WriteDescriptor(TestMachine.GdtBase + 0x40, 0x5000, 0xFFFF, 0x93, 0x4);
            m.Cpu.Gdtr = new DescriptorTableRegister(TestMachine.GdtBase, 0x47);
            m.Memory.WriteUInt32(0x5010, 0xFEED_F00D);
            m.Memory.WriteUInt32(0x3000, 0x0000_0042);
        });
        Assert.Equal(0xFEED_F00Du, m.Memory.ReadUInt32(0x4000));
        Assert.Equal((byte)0x42, m.Memory.RamSpan[0x4004]);
        Assert.Equal((0x3004u, 0x4005u, 0x42u), (m.Cpu.Esi, m.Cpu.Edi, m.Cpu.Eax));
    }

    [Fact]
    public void Huge_rep_count_yields_to_the_run_loop_with_eip_on_the_instruction()
    {
        // Found by the random-code test: REP with ECX near 4G ran to completion inside one Run step.
        using var m = new TestMachine();
        m.EnterProtectedMode();
        var a = new Assembler(32);
        a.mov(edi, 0x10_0000);
        a.mov(ecx, 0x7FFF_FFFF);
        a.xor(eax, eax);
        a.rep.stosb();
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.BudgetExhausted, m.Cpu.Run(10));
        Assert.Equal(TestMachine.CodeBase + 12, m.Cpu.Eip);                     // the REP STOSB itself
        // Progress was made, but the run loop got control back long before the 2^31 elements were done
        // (the page-run fast path stores whole pages between event windows).
        Assert.InRange(m.Cpu.Ecx, 0x7000_0000u, 0x7FFF_FFFEu);
        m.Cpu.Ecx = 3;                                                          // the rest finishes normally
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    [Fact]
    public void Enter_with_nesting_level_copies_frame_pointers_and_leave_undoes_it()
    {
        // SDM "ENTER": Push(EBP); FrameTemp ← ESP; FOR i ← 1 TO level-1: EBP ← EBP − 4; Push([EBP]); Push(FrameTemp);
        // EBP ← FrameTemp; ESP ← ESP − size. "LEAVE": ESP ← EBP; EBP ← Pop().
        using var m = Run(a =>
        {
            a.mov(ebp, 0x7F00);
            a.mov(esp, 0x7000);
            a.enter(0x10, 3);
            a.mov(esi, esp);
            a.mov(edi, ebp);
            a.leave();
        }, m => { m.Memory.WriteUInt32(0x7EFC, 0x1111_1111); m.Memory.WriteUInt32(0x7EF8, 0x2222_2222); });
        Assert.Equal(0x7F00u, m.Memory.ReadUInt32(0x6FFC));
        Assert.Equal(0x1111_1111u, m.Memory.ReadUInt32(0x6FF8));
        Assert.Equal(0x2222_2222u, m.Memory.ReadUInt32(0x6FF4));
        Assert.Equal(0x6FFCu, m.Memory.ReadUInt32(0x6FF0));
        Assert.Equal(0x6FFCu, m.Cpu.Edi);
        Assert.Equal(0x6FE0u, m.Cpu.Esi);
        Assert.Equal((0x7000u, 0x7F00u), (m.Cpu.Esp, m.Cpu.Ebp));
    }

    [Theory]
    [InlineData(0, 0x6FFCu - 8)]
    [InlineData(1, 0x6FF8u - 8)]
    public void Enter_with_level_0_and_1(int level, uint expectedEsp)
    {
        using var m = Run(a => { a.mov(ebp, 0x7F00); a.mov(esp, 0x7000); a.enter(8, (sbyte)level); });
        Assert.Equal(expectedEsp, m.Cpu.Esp);
        Assert.Equal(0x6FFCu, m.Cpu.Ebp);
        if (level == 1) Assert.Equal(0x6FFCu, m.Memory.ReadUInt32(0x6FF8));
    }

    [Fact]
    public void Pushad_and_popad_follow_the_sdm_order()
    {
        // SDM "PUSHA/PUSHAD": EAX ECX EDX EBX (original ESP) EBP ESI EDI; POPAD skips the ESP slot.
        using var m = Run(a =>
        {
            a.mov(eax, 1); a.mov(ecx, 2); a.mov(edx, 3); a.mov(ebx, 4); a.mov(ebp, 6); a.mov(esi, 7); a.mov(edi, 8);
            a.pushad();
            a.mov(__dword_ptr[esp + 12], 0x99);       // the ESP image: ignored by POPAD
            a.mov(__dword_ptr[esp], 0x88);            // EDI
            a.popad();
        });
        uint[] pushed = [.. Enumerable.Range(0, 8).Select(i => m.Memory.ReadUInt32(TestMachine.StackTop - 4 - (uint)i * 4))];
        Assert.Equal(new uint[] { 1, 2, 3, 4, 0x99, 6, 7, 0x88 }, pushed);
        Assert.Equal(TestMachine.StackTop, m.Cpu.Esp);
        Assert.Equal((0x88u, 7u, 1u), (m.Cpu.Edi, m.Cpu.Esi, m.Cpu.Eax));
    }

    [Fact]
    public void Pushaw_pushes_16_bit_registers()
    {
        using var m = Run(a => { a.mov(eax, 0x1111_0001); a.mov(edi, 0x2222_0008); a.db(0x66, 0x60); /* pushaw */ });
        Assert.Equal(TestMachine.StackTop - 16, m.Cpu.Esp);
        Assert.Equal(1u, m.Memory.ReadUInt32(TestMachine.StackTop - 4) >> 16);
        Assert.Equal((ushort)TestMachine.StackTop, (ushort)m.Memory.ReadUInt32(TestMachine.StackTop - 10));   // original SP
        Assert.Equal(8u, m.Memory.ReadUInt32(TestMachine.StackTop - 16) & 0xFFFF);
    }

    [Fact]
    public void Far_call_and_ret_with_immediate_pop_return_to_the_caller()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        var a = new Assembler(32);
        a.push(0xAAAA);
        a.push(0xBBBB);
        a.db(0x9A, 0x00, 0x12, 0x00, 0x00, 0x08, 0x00);    // call far 0008:00001200
        a.mov(edx, esp);
        a.hlt();
        m.Load(a);
        var f = new Assembler(32);
        f.mov(eax, __dword_ptr[esp + 4]);                   // pushed CS
        f.mov(ebx, __dword_ptr[esp + 8]);                   // first argument
        f.retf(8);
        m.Load(f, 0x1200);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(TestMachine.Code32, (ushort)m.Cpu.Eax);
        Assert.Equal(0xBBBBu, m.Cpu.Ebx);
        Assert.Equal(TestMachine.StackTop, m.Cpu.Edx);
    }

    [Fact]
    public void Far_jump_to_a_16_bit_code_segment_runs_16_bit_code()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        var a = new Assembler(32);
        a.db(0xEA, 0x00, 0x13, 0x00, 0x00, (byte)TestMachine.Code16, 0x00);   // jmp far 0018:00001300
        m.Load(a);
        var b = new Assembler(16);
        b.mov(eax, 0x1234_5678);                            // 66 B8 in 16-bit code
        b.mov(bx, 0x9ABC);
        b.hlt();
        m.Load(b, 0x1300);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.False(m.Cpu.GetSegment(SegReg.CS).Big);
        Assert.Equal(0x1234_5678u, m.Cpu.Eax);
        Assert.Equal(0x9ABCu, m.Cpu.Ebx & 0xFFFF);
    }

    [Fact]
    public void Loop_and_jcxz_use_cx_with_16_bit_address_size()
    {
        // SDM "LOOP": the count register is CX when the address size is 16; "JCXZ/JECXZ" likewise.
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.Memory.Write(TestMachine.CodeBase, [
            0x31, 0xC0,                         // xor eax, eax
            0xB9, 0x05, 0x00, 0x01, 0x00,       // mov ecx, 0x10005
            0x40,                               // L: inc eax
            0x67, 0xE2, 0xFC,                   // a16 loop L  (CX: 5 iterations)
            0xE3, 0x02,                         // jecxz +2: ECX = 0x10000, not taken
            0xB3, 0x01,                         // mov bl, 1
            0x67, 0xE3, 0x02,                   // jcxz +2: CX = 0, taken
            0xB7, 0x01,                         // mov bh, 1 (skipped)
            0x31, 0xD2,                         // xor edx, edx
            0xB9, 0x03, 0x00, 0x00, 0x00,       // mov ecx, 3
            0x42,                               // M: inc edx
            0xE2, 0xFD,                         // loop M (ECX)
            0xF4,
        ]);
        m.Cpu.Ebx = 0;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(5u, m.Cpu.Eax);
        Assert.Equal(0x1u, m.Cpu.Ebx & 0xFFFF);
        Assert.Equal(3u, m.Cpu.Edx);
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    [Fact]
    public void Loope_and_loopne_test_zf_and_the_count()
    {
        using var m = Run(a =>
        {
            var l = a.CreateLabel();
            a.mov(esi, 0x3000);
            a.mov(ecx, 10);
            a.Label(ref l);
            a.lodsb();
            a.cmp(al, 0x2A);
            a.loopne(l);
        }, m => m.Memory.Write(0x3000, [1, 2, 3, 0x2A, 5]));
        Assert.Equal(0x3004u, m.Cpu.Esi);
        Assert.Equal(6u, m.Cpu.Ecx);
    }

    [Theory]
    [InlineData(0x00, 0x0100 + 0x0010)]     // [BX+SI]
    [InlineData(0x01, 0x0100 + 0x0020)]     // [BX+DI]
    [InlineData(0x02, 0x0200 + 0x0010)]     // [BP+SI] (SS)
    [InlineData(0x03, 0x0200 + 0x0020)]     // [BP+DI] (SS)
    [InlineData(0x04, 0x0010)]              // [SI]
    [InlineData(0x05, 0x0020)]              // [DI]
    [InlineData(0x07, 0x0100)]              // [BX]
    [InlineData(0x46, 0x0200 + 0x08)]       // [BP+disp8] (SS)
    [InlineData(0x06, 0x0345)]              // [disp16]
    [InlineData(0x87, 0x0100 + 0x0345)]     // [BX+disp16]
    [InlineData(0x40, 0x0100 + 0x0010 + 0x08)]
    public void Sixteen_bit_addressing_follows_table_2_1(int modrm, int offset)
    {
        // SDM Vol. 2, Table 2-1; BP-based forms default to SS. DS base 0x10000, SS base 0x20000 (real mode).
        using var m = new TestMachine();
        m.Cpu.SetSegment(SegReg.CS, 0, 0, 0xFFFF, 0x9B);
        m.Cpu.SetSegment(SegReg.DS, 0x1000, 0x10000, 0xFFFF, 0x93);
        m.Cpu.SetSegment(SegReg.SS, 0x2000, 0x20000, 0xFFFF, 0x93);
        m.Cpu.Eip = TestMachine.CodeBase;
        m.Cpu.Ebx = 0x100; m.Cpu.Ebp = 0x200; m.Cpu.Esi = 0x10; m.Cpu.Edi = 0x20; m.Cpu.Esp = 0x7000;
        int mod = modrm >> 6;
        byte[] disp = mod == 1 ? [0x08] : mod == 2 || (modrm & 0xC7) == 6 ? [0x45, 0x03] : [];
        m.Memory.Write(TestMachine.CodeBase, [0x8B, (byte)(modrm | 0x08), .. disp, 0xF4]);   // mov cx, [..]
        bool ss = (modrm & 7) is 2 or 3 || ((modrm & 7) == 6 && mod != 0);
        uint linear = (ss ? 0x20000u : 0x10000u) + (uint)offset;
        m.Memory.WriteUInt32(linear, 0xC0DE);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(0xC0DEu, m.Cpu.Ecx & 0xFFFF);
    }

    [Fact]
    public void Sixteen_bit_effective_address_wraps_at_64k()
    {
        using var m = new TestMachine();
        m.Cpu.SetSegment(SegReg.CS, 0, 0, 0xFFFF, 0x9B);
        m.Cpu.SetSegment(SegReg.DS, 0x1000, 0x10000, 0xFFFF, 0x93);
        m.Cpu.Eip = TestMachine.CodeBase;
        m.Cpu.Ebx = 0xFFF0; m.Cpu.Esi = 0x0020;
        m.Memory.Write(TestMachine.CodeBase, [0x8B, 0x08, 0xF4]);       // mov cx, [bx+si] → offset 0x0010
        m.Memory.WriteUInt32(0x10010, 0x7777);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(0x7777u, m.Cpu.Ecx & 0xFFFF);
    }
}
