using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Programs;

/// <summary>
/// Whole programs assembled with Iced: the switch from real to protected mode (SDM Vol. 3A, 9.9.1),
/// privilege changes through interrupt gates with the TSS stack switch and IRET to an outer level
/// (SDM Vol. 3A, 6.12.1 and IRET pseudocode), and the triple fault (SDM Vol. 3A, 6.15, "Interrupt 8").
/// </summary>
public class ProtectedModeProgramTests
{
    [Fact]
    public void Real_mode_program_enters_protected_mode_and_loads_flat_segments()
    {
        using var m = new TestMachine();
        m.WriteGdt();
        m.Memory.Write(0x700, [0x3F, 0x00, .. BitConverter.GetBytes(TestMachine.GdtBase)]);  // GDTR image
        var a = new Assembler(16);
        a.cli();
        a.lgdt(__[0x700]);
        a.mov(eax, cr0);
        a.or(eax, 1);
        a.mov(cr0, eax);
        a.db(0x66, 0xEA, 0x00, 0x11, 0x00, 0x00, 0x08, 0x00);                      // jmp dword 0008:00001100
        m.Load(a);
        var b = new Assembler(32);
        b.mov(ax, TestMachine.Data32);
        b.mov(ds, ax);
        b.mov(ss, ax);
        b.mov(esp, 0x9000);
        b.push(0x1234_5678);
        b.pop(ebx);
        b.mov(__dword_ptr[0x30_0000], ebx);                                          // above 1 MiB: no A20 wrap, 32-bit offset
        b.hlt();
        m.Load(b, 0x1100);
        m.Cpu.SetSegment(SegReg.CS, 0, 0, 0xFFFF, 0x9B);
        m.Cpu.SetSegment(SegReg.SS, 0, 0, 0xFFFF, 0x93);
        m.Cpu.Eip = TestMachine.CodeBase;

        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.True(m.Cpu.ProtectedMode);
        var cs = m.Cpu.GetSegment(SegReg.CS);
        Assert.Equal(TestMachine.Code32, cs.Selector);
        Assert.True(cs.Big);
        Assert.Equal(0xFFFF_FFFFu, cs.Limit);
        Assert.Equal(0xFFFF_FFFFu, m.Cpu.GetSegment(SegReg.DS).Limit);
        Assert.Equal(0x1234_5678u, m.Memory.ReadUInt32(0x30_0000));
        Assert.Equal(0x9000u, m.Cpu.Esp);
    }

    /// <summary>Where <see cref="EmitIretToUser"/> sends ring 3.</summary>
    internal const uint UserCode = 0x1800;

    /// <summary>Loads kernel code at CodeBase that IRETs to ring 3 at <see cref="UserCode"/> with user stack 0x7000, and <paramref name="user"/> there.</summary>
    internal static AssemblerResult LoadWithUserPart(TestMachine m, Assembler user)
    {
        var k = new Assembler(32);
        EmitIretToUser(k, UserCode);
        m.Load(k);
        return m.LoadProgram(user, UserCode);
    }

    /// <summary>Kernel code that IRETs to ring 3 at <paramref name="user"/> with user stack 0x7000 (SDM IRET: return to outer level).</summary>
    internal static void EmitIretToUser(Assembler a, uint user)
    {
        a.mov(ax, TestMachine.TssSel);
        a.ltr(ax);
        a.push(TestMachine.UserData);
        a.push(0x7000);
        a.pushfd();
        a.push(TestMachine.UserCode);
        a.push(user);
        a.iretd();
    }

    [Fact]
    public void Ring3_int_through_interrupt_gate_switches_to_tss_stack_and_iret_returns_to_ring3()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        m.WriteTssStack(0x9000);
        var a = new Assembler(32);
        var h80 = a.CreateLabel();
        var h81 = a.CreateLabel();
                                                   // ring 3
        a.mov(ecx, ds);                            // DS (DPL 0) must have been nulled by the IRET
        a.mov(ax, TestMachine.UserData);
        a.mov(ds, ax);
        a.mov(eax, 0x1234);
        a.@int(0x80);
        a.mov(ebx, 0xBEEF);                        // back in ring 3 after the handler's IRET
        a.mov(edx, cs);
        a.@int(0x81);

        a.Label(ref h80);                          // ring 0: record the frame and state
        a.mov(__dword_ptr[0x3000], esp);
        a.mov(esi, ss);
        a.mov(__dword_ptr[0x3004], esi);
        a.mov(esi, __dword_ptr[esp + 4]);          // pushed CS
        a.mov(__dword_ptr[0x3008], esi);
        a.mov(esi, __dword_ptr[esp + 12]);         // pushed ESP
        a.mov(__dword_ptr[0x300C], esi);
        a.mov(esi, __dword_ptr[esp + 16]);         // pushed SS
        a.mov(__dword_ptr[0x3010], esi);
        a.mov(esi, cs);
        a.mov(__dword_ptr[0x3014], esi);
        a.iretd();

        a.Label(ref h81);
        a.hlt();
        var r = LoadWithUserPart(m, a);
        m.WriteGate(TestMachine.RecorderIdt, 0x80, TestMachine.Code32, (uint)r.GetLabelRIP(h80), dpl: 3);
        m.WriteGate(TestMachine.RecorderIdt, 0x81, TestMachine.Code32, (uint)r.GetLabelRIP(h81), dpl: 3);
        m.Cpu.Idtr = new DescriptorTableRegister(TestMachine.RecorderIdt, 0x81 * 8 + 7);

        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Null(m.RecordedException);
        Assert.Equal(0x9000u - 20, m.Memory.ReadUInt32(0x3000));                  // 5 dwords on the TSS stack
        Assert.Equal(TestMachine.Data32, (ushort)m.Memory.ReadUInt32(0x3004));     // SS0 from the TSS
        Assert.Equal(TestMachine.UserCode, (ushort)m.Memory.ReadUInt32(0x3008));
        Assert.Equal(0x7000u, m.Memory.ReadUInt32(0x300C));
        Assert.Equal(TestMachine.UserData, (ushort)m.Memory.ReadUInt32(0x3010));
        Assert.Equal(TestMachine.Code32, (ushort)m.Memory.ReadUInt32(0x3014));
        Assert.Equal(0u, m.Cpu.Ecx & 0xFFFF);                                      // DS nulled on return to ring 3
        Assert.Equal(0xBEEFu, m.Cpu.Ebx);
        Assert.Equal(TestMachine.UserCode, (ushort)m.Cpu.Edx);
        Assert.Equal(0, m.Cpu.Cpl);                                                // halted inside the 0x81 handler
        Assert.Equal(0x9000u - 20, m.Cpu.Esp);
    }

    [Fact]
    public void Int_to_a_gate_with_dpl0_from_ring3_raises_gp_with_idt_error_code()
    {
        // SDM Vol. 3A, 6.12.1.1: INT n with CPL > gate DPL → #GP(vector × 8 + 2).
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        m.WriteTssStack(0x9000);
        var a = new Assembler(32);
        a.@int(0x05);
        a.hlt();
        LoadWithUserPart(m, a);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(Vector.GP, (byte)m.RecordedException!.Value);
        Assert.Equal(5u * 8 + 2, m.RecordedErrorCode);
        Assert.Equal(UserCode, m.RecordedEip);
    }

    [Fact]
    public void Hlt_and_cli_at_ring3_raise_gp0()
    {
        foreach (var emit in new Action<Assembler>[] { x => x.hlt(), x => x.cli(), x => x.mov(eax, cr0), x => x.lgdt(__[0x700]) })
        {
            using var m = new TestMachine();
            m.EnterProtectedMode();
            m.InstallExceptionRecorder();
            m.WriteTssStack(0x9000);
            var a = new Assembler(32);
            emit(a);
            a.hlt();
            LoadWithUserPart(m, a);
            Assert.Equal(ExitReason.Halted, m.RunToHalt());
            Assert.Equal(Vector.GP, (byte)m.RecordedException!.Value);
            Assert.Equal(0u, m.RecordedErrorCode);
        }
    }

    [Fact]
    public void Fault_without_usable_idt_escalates_to_triple_fault_and_shutdown()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.Cpu.Idtr = new DescriptorTableRegister(0, 0);      // every vector is beyond the IDT limit
        var a = new Assembler(32);
        a.mov(eax, 0);
        a.div(eax);                                          // #DE → #GP (no gate) → #DF (no gate) → shutdown
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Shutdown, m.Cpu.Run(100));
        Assert.NotNull(m.Cpu.ShutdownReason);
        Assert.Equal(ExitReason.Shutdown, m.Cpu.Run(100));   // stays shut down
    }

    [Fact]
    public void Double_fault_handler_receives_error_code_zero()
    {
        // #NP on the #GP gate while delivering #GP: contributory + contributory → #DF with error code 0 (SDM Table 6-5).
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        m.Memory.WriteUInt32(TestMachine.RecorderIdt + 13 * 8 + 4, m.Memory.ReadUInt32(TestMachine.RecorderIdt + 13 * 8 + 4) & ~0x8000u);
        m.Memory.WriteUInt32(TestMachine.RecorderIdt + 11 * 8 + 4, m.Memory.ReadUInt32(TestMachine.RecorderIdt + 11 * 8 + 4) & ~0x8000u);
        var a = new Assembler(32);
        a.mov(ax, 0x7FF8);
        a.mov(ds, ax);                                       // beyond the GDT limit → #GP(7FF8)
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(Vector.DF, (byte)m.RecordedException!.Value);
        Assert.Equal(0u, m.RecordedErrorCode);
    }
}
