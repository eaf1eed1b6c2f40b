using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// System and identification instructions, expectations from their SDM Vol. 2 pages: CPUID (Table 3-8/3-11),
/// RDTSC/RDPMC with CR4.TSD/PCE, RDMSR/WRMSR, LGDT/LIDT/SGDT/SIDT, LLDT/SLDT, LTR/STR, SMSW/LMSW, CLTS,
/// INVD/WBINVD, LAR/LSL/VERR/VERW/ARPL, UD2 (and UD1, UD0), INT1, STI, VMCALL/VMMCALL as hypercall exits,
/// and the hint NOPs of 0F 18–0F 1F.
/// </summary>
public class SystemInstructionTests
{
    private static TestMachine Run(Action<Assembler> code, bool user = false, Action<TestMachine>? setup = null) =>
        TestMachine.RunProgram(code, setup, user);

    /// <summary>The exception was raised by the instruction at CodeBase + <paramref name="offset"/>.</summary>
    private static void AssertFault(TestMachine m, int vector, uint error = 0xFFFF_FFFF, uint offset = 0)
    {
        Assert.Equal(TestMachine.VectorName(vector), m.RecordedException is { } v ? TestMachine.VectorName(v) : "none");
        Assert.Equal(TestMachine.CodeBase + offset, m.RecordedEip);
        if (error != 0xFFFF_FFFF) Assert.Equal(error, m.RecordedErrorCode);
    }

    [Fact]
    public void CPUID_reports_a_GenuineIntel_family_6_with_exactly_the_implemented_features()
    {
        using var m = Run(a => { a.xor(eax, eax); a.cpuid(); a.mov(esi, ebx); a.mov(edi, edx); a.mov(ebp, ecx); a.mov(eax, 1); a.cpuid(); });
        Assert.Equal("GenuineIntel", string.Concat(new[] { m.Cpu.Esi, m.Cpu.Edi, m.Cpu.Ebp }.Select(r => System.Text.Encoding.ASCII.GetString(BitConverter.GetBytes(r)))));
        Assert.Equal(6u, (m.Cpu.Eax >> 8) & 0xF);
        foreach (int bit in new[] { 0, 2, 3, 4, 5, 8, 13, 15 })            // FPU DE PSE TSC MSR CX8 PGE CMOV
            Assert.True((m.Cpu.Edx & (1u << bit)) != 0, $"CPUID.1:EDX bit {bit} should be set");
        foreach (int bit in new[] { 6, 11, 23, 24, 25, 26 })               // PAE SEP MMX FXSR SSE SSE2: not implemented
            Assert.True((m.Cpu.Edx & (1u << bit)) == 0, $"CPUID.1:EDX bit {bit} should be clear");
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    [Fact]
    public void RDTSC_counts_up_and_faults_at_CPL3_with_CR4_TSD()
    {
        using var m = Run(a => { a.rdtsc(); a.mov(esi, eax); a.mov(edi, edx); a.mov(ecx, 100); var l = a.CreateLabel(); a.Label(ref l); a.loop(l); a.rdtsc(); });
        Assert.True(((ulong)m.Cpu.Edx << 32 | m.Cpu.Eax) > ((ulong)m.Cpu.Edi << 32 | m.Cpu.Esi));
        using var u = Run(a => a.rdtsc(), user: true, setup: t => t.Cpu.Cr4 = CrBits.TSD);
        AssertFault(u, 13, 0);
        using var ok = Run(a => a.rdtsc(), user: true);
        AssertFault(ok, 13, 0, offset: 2);                                   // RDTSC ran; the closing HLT faults at CPL3
    }

    [Fact]
    public void RDPMC_needs_CR4_PCE_outside_ring_0()
    {
        using var u = Run(a => { a.xor(ecx, ecx); a.rdpmc(); }, user: true);
        AssertFault(u, 13, 0, offset: 2);
        using var ok = Run(a => { a.xor(ecx, ecx); a.rdpmc(); }, user: true, setup: t => t.Cpu.Cr4 = CrBits.PCE);
        AssertFault(ok, 13, 0, offset: 4);                                   // RDPMC ran; the closing HLT faults at CPL3
    }

    [Fact]
    public void WRMSR_and_RDMSR_round_trip_and_fault_on_unknown_MSRs_and_at_CPL3()
    {
        using var m = Run(a => { a.mov(ecx, 0x174); a.mov(eax, 0x10); a.xor(edx, edx); a.wrmsr(); a.xor(eax, eax); a.rdmsr(); });
        Assert.Equal(0x10u, m.Cpu.Eax);                                      // IA32_SYSENTER_CS
        using var unknown = Run(a => { a.mov(ecx, 0x1234_5678); a.rdmsr(); });
        AssertFault(unknown, 13, 0, offset: 5);
        using var user = Run(a => { a.mov(ecx, 0x10); a.rdmsr(); }, user: true);
        AssertFault(user, 13, 0, offset: 5);
    }

    [Fact]
    public void LGDT_LIDT_load_and_SGDT_SIDT_store_limit_and_base()
    {
        using var m = Run(a =>
        {
            a.lgdt(__[0x4000]);
            a.sgdt(__[0x4010]);
            a.lidt(__[0x4020]);
            a.sidt(__[0x4030]);
            a.lidt(__[0x4040]);                                              // put the recorder's IDT back
        }, setup: t =>
        {
            t.Memory.Write(0x4000, [0x3F, 0x00, .. BitConverter.GetBytes(TestMachine.GdtBase)]);
            t.Memory.Write(0x4020, [0x77, 0x01, 0x00, 0x60, 0x00, 0x00]);
            t.Memory.Write(0x4040, [0xFF, 0x00, .. BitConverter.GetBytes(TestMachine.RecorderIdt)]);
        });
        Assert.Equal(0x003Fu, m.Memory.ReadUInt32(0x4010) & 0xFFFF);
        Assert.Equal(TestMachine.GdtBase, m.Memory.ReadUInt32(0x4012));
        Assert.Equal(0x0177u, m.Memory.ReadUInt32(0x4030) & 0xFFFF);
        Assert.Equal(0x6000u, m.Memory.ReadUInt32(0x4032));
    }

    [Fact]
    public void LLDT_SLDT_LTR_STR_and_the_TSS_busy_bit()
    {
        using var m = Run(a =>
        {
            a.mov(ax, 0x40);
            a.lldt(ax);
            a.sldt(bx);
            a.mov(ax, TestMachine.TssSel);
            a.ltr(ax);
            a.str(cx);
            a.xor(edx, edx);
            a.lldt(dx);                                                      // a null selector: LDTR unusable, no fault
            a.sldt(si);
        }, setup: t =>
        {
            t.Cpu.Gdtr = new DescriptorTableRegister(TestMachine.GdtBase, 0x47);
            t.WriteDescriptor(TestMachine.GdtBase + 0x40, 0x9000, 0x7F, 0x82, 0);   // LDT descriptor
        });
        Assert.Null(m.RecordedException);
        Assert.Equal(0x40u, m.Cpu.Ebx & 0xFFFF);
        Assert.Equal((uint)TestMachine.TssSel, m.Cpu.Ecx & 0xFFFF);
        Assert.Equal(0u, m.Cpu.Esi & 0xFFFF);
        Assert.Equal(0xBu, (m.Memory.ReadUInt32(TestMachine.GdtBase + TestMachine.TssSel + 4) >> 8) & 0xF);   // LTR marks the TSS busy
    }

    [Fact]
    public void LLDT_of_a_non_LDT_descriptor_is_a_GP_fault_with_the_selector()
    {
        using var m = Run(a => { a.mov(ax, TestMachine.Data32); a.lldt(ax); });
        Assert.Equal(13, m.RecordedException);
        Assert.Equal((uint)TestMachine.Data32, m.RecordedErrorCode);
    }

    [Fact]
    public void SMSW_LMSW_and_CLTS_on_the_low_CR0_bits()
    {
        using var m = Run(a =>
        {
            a.mov(eax, CrBits.PE | CrBits.MP | CrBits.TS);
            a.lmsw(ax);                                                      // sets MP and TS
            a.smsw(bx);
            a.xor(eax, eax);
            a.lmsw(ax);                                                      // cannot clear PE
            a.smsw(ecx);
            a.clts();
            a.smsw(edx);
        });
        Assert.Equal(CrBits.PE | CrBits.ET | CrBits.MP | CrBits.TS, m.Cpu.Ebx & 0xFFFF);
        Assert.Equal(CrBits.PE | CrBits.ET, m.Cpu.Ecx & 0xFFFF);
        Assert.True(m.Cpu.ProtectedMode);
        Assert.Equal(0u, m.Cpu.Edx & CrBits.TS);
    }

    [Theory]
    [InlineData("clts")]
    [InlineData("invd")]
    [InlineData("wbinvd")]
    [InlineData("lmsw")]
    public void Privileged_instructions_fault_at_CPL3(string insn)
    {
        using var m = Run(a =>
        {
            switch (insn)
            {
                case "clts": a.clts(); break;
                case "invd": a.invd(); break;
                case "wbinvd": a.wbinvd(); break;
                default: a.lmsw(ax); break;
            }
        }, user: true);
        AssertFault(m, 13, 0);
    }

    [Fact]
    public void INVD_and_WBINVD_run_at_CPL0()
    {
        using var m = Run(a => { a.invd(); a.wbinvd(); a.mov(eax, 7); });
        Assert.Null(m.RecordedException);
        Assert.Equal(7u, m.Cpu.Eax);
    }

    [Fact]
    public void LAR_LSL_VERR_VERW_read_descriptors_and_set_ZF()
    {
        // SDM "LAR": 32-bit operand gets the second descriptor dword AND 00FxFF00H (bits 19:16 undefined).
        using var m = Run(a =>
        {
            a.mov(ecx, TestMachine.Data32);
            a.lar(eax, ecx);
            a.setz(__byte_ptr[0x4000]);
            a.lsl(ebx, ecx);
            a.mov(ecx, TestMachine.Code16);
            a.lsl(edx, ecx);
            a.xor(ecx, ecx);
            a.lar(esi, ecx);                                                 // null selector: ZF = 0, ESI unchanged
            a.setz(__byte_ptr[0x4001]);
            a.mov(ecx, TestMachine.Code32);
            a.verr(cx);
            a.setz(__byte_ptr[0x4002]);                                      // readable code: 1
            a.verw(cx);
            a.setz(__byte_ptr[0x4003]);                                      // code is never writable: 0
            a.mov(ecx, TestMachine.Data32);
            a.verw(cx);
            a.setz(__byte_ptr[0x4004]);
            a.xor(ecx, ecx);
            a.verr(cx);
            a.setz(__byte_ptr[0x4005]);
        }, setup: t => t.Cpu.Esi = 0x5555);
        Assert.Equal(0x00C0_9300u, m.Cpu.Eax & 0x00F0_FF00);
        Assert.Equal(0xFFFF_FFFFu, m.Cpu.Ebx);                                // G = 1: limit in 4 KiB units
        Assert.Equal(0xFFFFu, m.Cpu.Edx);
        Assert.Equal(0x5555u, m.Cpu.Esi);
        Assert.Equal(new byte[] { 1, 0, 1, 0, 1, 0 }, m.Memory.RamSpan.Slice(0x4000, 6).ToArray());
    }

    [Theory]
    [InlineData(0x0010, 0x0003, 0x0013, true)]        // RPL 0 < 3: raised, ZF = 1
    [InlineData(0x0013, 0x0001, 0x0013, false)]       // RPL 3 ≥ 1: unchanged, ZF = 0
    [InlineData(0x0012, 0x0002, 0x0012, false)]
    public void ARPL_raises_the_destination_RPL(int dest, int src, int result, bool zf)
    {
        using var m = Run(a => { a.mov(eax, dest); a.mov(ecx, src); a.arpl(ax, cx); a.setz(bl); });
        Assert.Equal((uint)result, m.Cpu.Eax & 0xFFFF);
        Assert.Equal(zf ? 1u : 0u, m.Cpu.Ebx & 0xFF);
    }

    [Theory]
    [InlineData(new byte[] { 0x0F, 0x0B })]                   // UD2
    [InlineData(new byte[] { 0x0F, 0xB9, 0xC0 })]             // UD1
    [InlineData(new byte[] { 0x0F, 0xFF, 0xC0 })]             // UD0
    public void UD2_UD1_UD0_raise_invalid_opcode(byte[] code)
    {
        using var m = Run(a => a.db(code));
        AssertFault(m, 6);
    }

    [Fact]
    public void INT1_is_a_debug_trap_pushing_the_next_EIP()
    {
        using var m = Run(a => a.int1());
        Assert.Equal(1, m.RecordedException);
        Assert.Equal(TestMachine.CodeBase + 1, m.RecordedEip);
    }

    [Fact]
    public void STI_sets_IF_and_CLI_clears_it()
    {
        using var m = Run(a => { a.cli(); a.sti(); a.pushfd(); a.pop(ebx); a.cli(); a.pushfd(); a.pop(ecx); });
        Assert.NotEqual(0u, m.Cpu.Ebx & Flags.IF);
        Assert.Equal(0u, m.Cpu.Ecx & Flags.IF);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void VMCALL_and_VMMCALL_exit_to_the_host_after_the_instruction(bool intel)
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        var a = new Assembler(32);
        if (intel) a.vmcall(); else a.vmmcall();
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Hypercall, m.Cpu.Run(10));
        Assert.Equal(TestMachine.CodeBase + 3, m.Cpu.Eip);
    }

    [Fact]
    public void Hint_NOPs_0F_18_to_0F_1F_change_nothing()
    {
        // SDM Table A-3: 0F 18 /0–/3 PREFETCHh, the rest of 0F 18–0F 1F reserved NOPs (0F 1F /0 is NOP r/m).
        var allowed = new[] { Mnemonic.Nop, Mnemonic.Reservednop, Mnemonic.Prefetchnta, Mnemonic.Prefetcht0, Mnemonic.Prefetcht1,
            Mnemonic.Prefetcht2, Mnemonic.Cldemote, Mnemonic.Prefetchit0, Mnemonic.Prefetchit1 };
        for (int op = 0x18; op <= 0x1F; op++)
            for (int reg = 0; reg < 8; reg++)
            {
                byte[] code = [0x0F, (byte)op, (byte)(reg << 3)];              // [eax]
                Assert.Contains(Disassembly.Decode(code).Mnemonic, allowed);
                using var m = Run(a => a.db(code), setup: t => t.Cpu.Eax = 0x4000);
                Assert.Null(m.RecordedException);
                Assert.Equal(0x4000u, m.Cpu.Eax);
                Assert.Equal(TestMachine.CodeBase + 4, m.Cpu.Eip);
            }
    }
}
