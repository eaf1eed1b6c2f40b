using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// Jcc (short and near) against the host CPU for all 64 flag combinations; near CALL/RET (direct, indirect,
/// RET imm16), indirect JMP, far indirect CALL/JMP, PUSH/POP of registers, memory and segment registers,
/// LEA, XLAT, SALC, INTO, BOUND and LOCK rules, with expectations from the SDM pseudocode of each.
/// </summary>
public class ControlFlowTests
{
    [Fact]
    public void Conditional_jumps_match_host_for_all_flag_combinations()
    {
        // jcc +2 over "mov al, 1": AL tells whether the branch was taken; then a near form over a 2-byte move.
        var rng = new Random(0x70);
        var cases = new List<CpuCase>();
        for (int cc = 0; cc < 16; cc++)
            for (uint bits = 0; bits < 64; bits++)
            {
                uint fl = (bits & 1) | ((bits & 2) << 1) | ((bits & 4) << 2) | ((bits & 8) << 3) | ((bits & 16) << 3) | ((bits & 32) << 6);
                var regs = Values.RandomRegs(rng);
                cases.Add(new CpuCase([(byte)(0x70 + cc), 0x02, 0xB0, 0x01], regs, fl, Sdm.StatusFlags));
                cases.Add(new CpuCase([0x0F, (byte)(0x80 + cc), 0x02, 0x00, 0x00, 0x00, 0xB4, 0x01], regs, fl, Sdm.StatusFlags));
            }
        Differential.AssertSameAsHost(cases);
    }

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
        return m;
    }

    [Fact]
    public void Near_calls_and_returns_direct_indirect_and_with_immediate()
    {
        using var m = Run(a =>
        {
            a.xor(ecx, ecx);
            a.xor(edx, edx);
            a.call(0x1400UL);                           // E8 → f
            a.mov(ebx, 0x1410);
            a.push(0);
            a.call(ebx);                                // FF /2 register → g, which pops the argument (RET 4)
            a.mov(__dword_ptr[0x3000], 0x1410);
            a.push(0x5555);
            a.call(__dword_ptr[0x3000]);                // FF /2 memory → g
            a.mov(edi, esp);
            a.mov(eax, 0x1430);
            a.jmp(eax);                                 // FF /4 register
        }, m =>
        {
            m.Memory.Write(0x1400, [0x41, 0xC3]);                         // f: inc ecx; ret
            m.Memory.Write(0x1410, [0x42, 0xC2, 0x04, 0x00]);             // g: inc edx; ret 4
            m.Memory.Write(0x1420, [0xBE, 0x77, 0, 0, 0, 0xF4]);          // mov esi, 0x77; hlt
            m.Memory.Write(0x1430, [0xFF, 0x25, 0x04, 0x30, 0, 0]);       // jmp [0x3004] (FF /4 memory)
            m.Memory.WriteUInt32(0x3004, 0x1420);
        });
        Assert.Null(m.RecordedException);
        Assert.Equal((1u, 2u, 0x77u), (m.Cpu.Ecx, m.Cpu.Edx, m.Cpu.Esi));
        Assert.Equal(TestMachine.StackTop, m.Cpu.Edi);
    }

    [Fact]
    public void Far_indirect_call_and_jump_through_memory_pointers()
    {
        // FF /3 and FF /5 take an m16:32 pointer (offset dword, then selector) (SDM "CALL", "JMP").
        using var m = Run(a =>
        {
            a.call(__fword_ptr[0x3000]);                // → 0x1400, which RETFs
            a.mov(ebx, 0x11);
            a.jmp(__fword_ptr[0x3008]);                 // → 0x1410
            a.hlt();
        }, m =>
        {
            m.Memory.WriteUInt32(0x3000, 0x1400); m.Memory.WriteUInt32(0x3004, TestMachine.Code32);
            m.Memory.WriteUInt32(0x3008, 0x1410); m.Memory.WriteUInt32(0x300C, TestMachine.Code32);
            m.Memory.Write(0x1400, [0xB9, 0x22, 0, 0, 0, 0xCB]);       // mov ecx, 0x22; retf
            m.Memory.Write(0x1410, [0xBA, 0x33, 0, 0, 0, 0xF4]);       // mov edx, 0x33; hlt
        });
        Assert.Equal((0x11u, 0x22u, 0x33u), (m.Cpu.Ebx, m.Cpu.Ecx, m.Cpu.Edx));
        Assert.Equal(TestMachine.StackTop, m.Cpu.Esp);
    }

    [Fact]
    public void Push_and_pop_registers_memory_and_segment_registers()
    {
        using var m = Run(a =>
        {
            a.mov(eax, 0x1111_2222);
            a.push(eax);                                // 50
            a.push(__dword_ptr[0x3000]);                // FF /6
            a.pop(__dword_ptr[0x3004]);                 // 8F /0
            a.pop(ecx);                                 // 59
            a.push(ds);                                 // 1E: pushes the selector (dword slot)
            a.push(fs);                                 // 0F A0
            a.pop(gs);                                  // 0F A9
            a.pop(es);                                  // 07
            a.push(ss);                                 // 16
            a.pop(edx);
            a.push(esp);                                // pushes the value before the push (SDM "PUSH")
            a.pop(esi);
            a.push(0x7F);                               // 6A: sign-extended imm8
            a.pop(edi);
        }, m => m.Memory.WriteUInt32(0x3000, 0xABCD_EF01));
        Assert.Equal(0xABCD_EF01u, m.Memory.ReadUInt32(0x3004));
        Assert.Equal(0x1111_2222u, m.Cpu.Ecx);
        Assert.Equal(TestMachine.Data32, m.Cpu.GetSegment(SegReg.ES).Selector);
        Assert.Equal(TestMachine.Data32, m.Cpu.GetSegment(SegReg.GS).Selector);
        Assert.Equal(TestMachine.Data32, (ushort)m.Cpu.Edx);
        Assert.Equal(TestMachine.StackTop, m.Cpu.Esi);
        Assert.Equal(0x7Fu, m.Cpu.Edi);
        Assert.Equal(TestMachine.StackTop, m.Cpu.Esp);
    }

    [Fact]
    public void Pop_ss_inhibits_interrupts_for_one_instruction_and_pop_cs_does_not_exist()
    {
        using var m = Run(a => a.db(0x0F, 0x0F));       // 0F 0F is 3DNow!, not on a P6: #UD
        Assert.Equal(Vector.UD, (byte)m.RecordedException!.Value);
    }

    [Fact]
    public void Lea_computes_addresses_without_memory_access()
    {
        using var m = Run(a =>
        {
            a.mov(ebx, 0x1000);
            a.mov(esi, 0x20);
            a.lea(eax, __[ebx + esi * 4 + 0x7FFF_FFF0]);
            a.lea(cx, __[ebx + esi * 8 + 0xFFFF]);      // 16-bit destination keeps the low word
            a.db(0x67, 0x8D, 0x10);                     // lea edx, [bx+si] with 16-bit addressing
        });
        Assert.Equal(0x8000_1070u, m.Cpu.Eax);
        Assert.Equal(0x10FFu, m.Cpu.Ecx & 0xFFFF);
        Assert.Equal(0x1020u, m.Cpu.Edx);
    }

    [Fact]
    public void Lea_with_a_register_operand_is_undefined()
    {
        using var m = Run(a => a.db(0x8D, 0xC0));
        Assert.Equal(Vector.UD, (byte)m.RecordedException!.Value);
    }

    [Fact]
    public void Xlat_and_salc()
    {
        // XLAT: AL ← [DS:EBX + AL]; SALC (D6, undocumented): AL ← CF ? FF : 00.
        using var m = Run(a =>
        {
            a.mov(ebx, 0x3000);
            a.mov(eax, 0x1234_5605);
            a.xlatb();
            a.mov(ecx, eax);
            a.stc();
            a.db(0xD6);
            a.mov(edx, eax);
            a.clc();
            a.db(0xD6);
        }, m => m.Memory.Write(0x3000, [0, 1, 2, 3, 4, 0x99]));
        Assert.Equal(0x1234_5699u, m.Cpu.Ecx);
        Assert.Equal(0x1234_56FFu, m.Cpu.Edx);
        Assert.Equal(0x1234_5600u, m.Cpu.Eax);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, (int)Vector.OF)]
    public void Into_traps_only_with_overflow(bool overflow, int? vector)
    {
        using var m = Run(a =>
        {
            a.mov(al, (byte)(overflow ? 0x7F : 0x10));
            a.add(al, 1);
            a.into();
        });
        Assert.Equal(vector, m.RecordedException);
        if (vector != null) Assert.Equal(TestMachine.CodeBase + 5, m.RecordedEip);   // trap: after INTO
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(10, null)]
    [InlineData(4, (int)Vector.BR)]
    [InlineData(11, (int)Vector.BR)]
    public void Bound_checks_signed_bounds(int index, int? vector)
    {
        using var m = Run(a => { a.mov(eax, index); a.bound(eax, __qword_ptr[0x3000]); },
            m => { m.Memory.WriteUInt32(0x3000, 5); m.Memory.WriteUInt32(0x3004, 10); });
        Assert.Equal(vector, m.RecordedException);
        if (vector != null) Assert.Equal(TestMachine.CodeBase + 5, m.RecordedEip);   // fault: at BOUND
    }

    [Theory]
    [InlineData(new byte[] { 0xF0, 0x01, 0xC8 })]        // lock add eax, ecx: register destination
    [InlineData(new byte[] { 0xF0, 0x90 })]              // lock nop
    [InlineData(new byte[] { 0xF0, 0x39, 0x00 })]        // lock cmp [eax], eax: CMP does not write
    [InlineData(new byte[] { 0xF0, 0x8B, 0x00 })]        // lock mov
    public void Lock_prefix_outside_read_modify_write_memory_forms_is_undefined(byte[] code)
    {
        using var m = Run(a => a.db(code), m => m.Cpu.Eax = 0x3000);
        Assert.Equal(Vector.UD, (byte)m.RecordedException!.Value);
    }

    [Fact]
    public void Lock_prefix_on_memory_add_and_xchg_is_allowed()
    {
        using var m = Run(a => { a.mov(eax, 0x3000); a.db(0xF0, 0x01, 0x08); a.db(0xF0, 0x87, 0x18); }, m => m.Memory.WriteUInt32(0x3000, 5));
        Assert.Null(m.RecordedException);
    }

    [Fact]
    public void Int1_and_int3_are_traps_to_vectors_1_and_3()
    {
        using var a = Run(x => { x.nop(); x.db(0xF1); });
        Assert.Equal((int)Vector.DB, a.RecordedException);
        Assert.Equal(TestMachine.CodeBase + 2, a.RecordedEip);
        using var b = Run(x => x.int3());
        Assert.Equal((int)Vector.BP, b.RecordedException);
        Assert.Equal(TestMachine.CodeBase + 1, b.RecordedEip);
    }

    [Fact]
    public void Load_far_pointer_instructions_load_segment_and_offset()
    {
        using var m = Run(a =>
        {
            a.les(eax, __fword_ptr[0x3000]);
            a.lds(ebx, __fword_ptr[0x3000]);
            a.lfs(ecx, __fword_ptr[0x3000]);
            a.lgs(edx, __fword_ptr[0x3000]);
            a.lss(esi, __fword_ptr[0x3000]);
        }, m => { m.Memory.WriteUInt32(0x3000, 0x8123_4567); m.Memory.WriteUInt32(0x3004, TestMachine.Data32); });
        Assert.Null(m.RecordedException);
        foreach (var r in new[] { m.Cpu.Eax, m.Cpu.Ebx, m.Cpu.Ecx, m.Cpu.Edx, m.Cpu.Esi }) Assert.Equal(0x8123_4567u, r);
        Assert.Equal(TestMachine.Data32, m.Cpu.GetSegment(SegReg.GS).Selector);
        using var bad = Run(a => a.db(0xC4, 0xC0));      // LES with a register operand
        Assert.Equal(Vector.UD, (byte)bad.RecordedException!.Value);
    }
}
