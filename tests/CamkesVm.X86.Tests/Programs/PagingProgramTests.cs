using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Programs;

/// <summary>
/// Paging programs (SDM Vol. 3A, 4.3 "32-bit paging", 4.7 "page-fault exceptions", 4.8 "accessed and dirty
/// flags"): 4 KiB and 4 MiB (PSE) mappings, A/D bits, a ring-3 write to a read-only page fixed up by the
/// #PF handler (CR2 and error code checked), supervisor faults with and without CR0.WP, and self-modifying code.
/// </summary>
public class PagingProgramTests
{
    private const uint Pd = 0x10000, Pt = 0x11000;
    private const uint P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80;

    /// <summary>Identity-maps 0–4 MiB with user, writable 4 KiB pages.</summary>
    private static void IdentityMap(TestMachine m)
    {
        m.Memory.WriteUInt32(Pd, Pt | P | RW | US);
        for (uint i = 0; i < 1024; i++) m.Memory.WriteUInt32(Pt + i * 4, (i << 12) | P | RW | US);
    }

    private static void EmitEnablePaging(Assembler a, bool pse = false, bool wp = false)
    {
        if (pse)
        {
            a.mov(eax, cr4);
            a.or(eax, (int)CrBits.PSE);
            a.mov(cr4, eax);
        }
        a.mov(eax, Pd);
        a.mov(cr3, eax);
        a.mov(eax, cr0);
        a.or(eax, unchecked((int)(CrBits.PG | (wp ? CrBits.WP : 0))));
        a.mov(cr0, eax);
    }

    [Fact]
    public void Four_kib_and_four_mib_pages_translate_and_set_accessed_and_dirty()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        IdentityMap(m);
        m.Memory.WriteUInt32(Pt + 6 * 4, 0x20_0000 | P | RW);          // linear 0x6000 → physical 0x200000
        m.Memory.WriteUInt32(Pd + 4, 0x00_0000 | PS | P | RW);         // linear 0x400000–0x7FFFFF → physical 0–4 MiB
        m.Memory.WriteUInt32(0x20_0010, 0xA5A5_0001);
        var a = new Assembler(32);
        EmitEnablePaging(a, pse: true);
        a.mov(__dword_ptr[0x6004], 0x1122_3344);
        a.mov(__dword_ptr[0x40_3000], 0x5566_7788);
        a.mov(eax, __dword_ptr[0x3000]);
        a.mov(ebx, __dword_ptr[0x20_0004]);
        a.mov(ecx, __dword_ptr[0x40_6010 - 0x6000 + 0x6000]);          // 4 MiB page: physical 0x6010
        a.mov(edx, __dword_ptr[0x6010]);                                // 4 KiB remap: physical 0x200010
        a.hlt();
        m.Load(a);
        m.Memory.WriteUInt32(0x6010, 0xC0FF_EE00);

        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Null(m.RecordedException);
        Assert.Equal(0x1122_3344u, m.Memory.ReadUInt32(0x20_0004));
        Assert.Equal(0x5566_7788u, m.Cpu.Eax);
        Assert.Equal(0x1122_3344u, m.Cpu.Ebx);
        Assert.Equal(0xC0FF_EE00u, m.Cpu.Ecx);
        Assert.Equal(0xA5A5_0001u, m.Cpu.Edx);
        Assert.Equal(A | D, m.Memory.ReadUInt32(Pt + 6 * 4) & (A | D));  // written: accessed and dirty
        Assert.Equal(A | D, m.Memory.ReadUInt32(Pd + 4) & (A | D));      // PSE PDE gets D itself
        Assert.Equal(A, m.Memory.ReadUInt32(Pd) & A);                    // PDE of a 4 KiB table: accessed only
        Assert.Equal(0u, m.Memory.ReadUInt32(Pd) & D);
        Assert.Equal(A, m.Memory.ReadUInt32(Pt + 3 * 4) & (A | D));      // only read: accessed, not dirty
    }

    [Fact]
    public void Ring3_write_to_read_only_page_faults_and_handler_fixes_it()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        m.WriteTssStack(0x9000);
        IdentityMap(m);
        m.Memory.WriteUInt32(Pt + 5 * 4, 0x5000 | P | US);              // read-only user page
        var h = new Assembler(32);                                        // #PF handler at 0x1C00
        h.pop(__dword_ptr.ss[0x3004]);                                    // error code
        h.mov(eax, cr2);
        h.mov(__dword_ptr.ss[0x3008], eax);
        h.mov(eax, __dword_ptr.ss[esp]);                                  // faulting EIP
        h.mov(__dword_ptr.ss[0x3010], eax);
        h.or(__dword_ptr.ss[Pt + 5 * 4], (int)RW);
        h.invlpg(__[0x5000]);
        h.inc(__dword_ptr.ss[0x300C]);
        h.iretd();
        m.Load(h, 0x1C00);
        m.WriteGate(TestMachine.RecorderIdt, Vector.PF, TestMachine.Code32, 0x1C00);

        var k = new Assembler(32);
        EmitEnablePaging(k);
        ProtectedModeProgramTests.EmitIretToUser(k, ProtectedModeProgramTests.UserCode);
        m.Load(k);
        var u = new Assembler(32);
        u.mov(ax, TestMachine.UserData);
        u.mov(ds, ax);
        var store = u.CreateLabel();
        u.Label(ref store);
        u.mov(__dword_ptr[0x5010], 0xCAFE);                               // faults once, then succeeds
        u.mov(ebx, __dword_ptr[0x5010]);
        u.@int(3);                                                        // DPL 0 gate → #GP: stops the test
        var ur = m.LoadProgram(u, ProtectedModeProgramTests.UserCode);

        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(P | RW | US, m.Memory.ReadUInt32(0x3004));           // protection violation, write, user
        Assert.Equal(0x5010u, m.Memory.ReadUInt32(0x3008));
        Assert.Equal(1u, m.Memory.ReadUInt32(0x300C));
        Assert.Equal((uint)ur.GetLabelRIP(store), m.Memory.ReadUInt32(0x3010)); // fault: EIP of the store
        Assert.Equal(0xCAFEu, m.Cpu.Ebx);
        Assert.Equal(Vector.GP, (byte)m.RecordedException!.Value);
        Assert.Equal(D | A, m.Memory.ReadUInt32(Pt + 5 * 4) & (A | D));
    }

    [Theory]
    [InlineData(false, false, 0x0u)]      // not present, read, supervisor
    [InlineData(true, false, 0x2u)]       // not present, write
    public void Supervisor_access_to_a_not_present_page_faults_with_cr2(bool write, bool unused, uint error)
    {
        _ = unused;
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        IdentityMap(m);
        m.Memory.WriteUInt32(Pt + 0x123 * 4, 0);
        var a = new Assembler(32);
        EmitEnablePaging(a);
        var access = a.CreateLabel();
        a.Label(ref access);
        if (write) a.mov(__dword_ptr[0x12_3FFE], ecx);                    // also crosses into the next page
        else a.mov(ecx, __dword_ptr[0x12_3456]);
        a.hlt();
        var r = m.LoadProgram(a);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(Vector.PF, (byte)m.RecordedException!.Value);
        Assert.Equal(error, m.RecordedErrorCode);
        Assert.Equal(write ? 0x12_3FFEu : 0x12_3456u, m.Cpu.Cr2);
        Assert.Equal((uint)r.GetLabelRIP(access), m.RecordedEip);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Supervisor_write_to_read_only_page_faults_only_with_cr0_wp(bool wp)
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        IdentityMap(m);
        m.Memory.WriteUInt32(Pt + 0x40 * 4, 0x4_0000 | P | US);
        var a = new Assembler(32);
        EmitEnablePaging(a, wp: wp);
        a.mov(__dword_ptr[0x4_0008], 0x77);
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        if (wp)
        {
            Assert.Equal(Vector.PF, (byte)m.RecordedException!.Value);
            Assert.Equal(P | RW, m.RecordedErrorCode);
            Assert.Equal(0x4_0008u, m.Cpu.Cr2);
        }
        else
        {
            Assert.Null(m.RecordedException);
            Assert.Equal(0x77u, m.Memory.ReadUInt32(0x4_0008));
        }
    }

    [Fact]
    public void Ring3_access_to_supervisor_page_faults_with_user_bit()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        m.WriteTssStack(0x9000);
        IdentityMap(m);
        m.Memory.WriteUInt32(Pt + 0x50 * 4, 0x5_0000 | P | RW);          // supervisor only
        var k = new Assembler(32);
        EmitEnablePaging(k);
        ProtectedModeProgramTests.EmitIretToUser(k, ProtectedModeProgramTests.UserCode);
        m.Load(k);
        var u = new Assembler(32);
        u.mov(eax, __dword_ptr.ss[0x5_0000]);
        u.hlt();
        m.Load(u, ProtectedModeProgramTests.UserCode);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(Vector.PF, (byte)m.RecordedException!.Value);
        Assert.Equal(P | US, m.RecordedErrorCode);
        Assert.Equal(0x5_0000u, m.Cpu.Cr2);
    }

    [Fact]
    public void Stale_tlb_entry_is_used_until_invlpg_and_mov_cr3_flushes()
    {
        // SDM Vol. 3A, 4.10.4: software must invalidate; a cached translation may stay in use until then.
        using var m = new TestMachine();
        m.EnterProtectedMode();
        IdentityMap(m);
        m.Memory.WriteUInt32(0x7000, 1);
        m.Memory.WriteUInt32(0x8000, 2);
        var a = new Assembler(32);
        EmitEnablePaging(a);
        a.mov(eax, __dword_ptr[0x7000]);                                  // caches 0x7000 → 0x7000
        a.mov(__dword_ptr[Pt + 7 * 4], 0x8000 | P | RW | US);             // remap to 0x8000
        a.invlpg(__[0x7000]);
        a.mov(ebx, __dword_ptr[0x7000]);                                  // sees 2
        a.mov(__dword_ptr[Pt + 7 * 4], 0x7000 | P | RW | US);
        a.mov(ecx, cr3);
        a.mov(cr3, ecx);
        a.mov(ecx, __dword_ptr[0x7000]);                                  // sees 1 again
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(1u, m.Cpu.Eax);
        Assert.Equal(2u, m.Cpu.Ebx);
        Assert.Equal(1u, m.Cpu.Ecx);
    }

    [Fact]
    public void Self_modifying_code_sees_its_own_stores()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        var head = new Assembler(32);
        head.xor(ebx, ebx);
        head.mov(ecx, 3);
        head.jmp(0x1100UL);
        m.Load(head);
        var loop = new Assembler(32);                                     // at 0x1100
        loop.mov(al, 0x11);                                               // B0 11: the immediate is at 0x1101
        loop.add(bl, al);
        loop.inc(__byte_ptr[0x1101]);                                     // patch the instruction just run
        loop.dec(ecx);
        loop.jnz(0x1100UL);
        loop.mov(__byte_ptr[0x1180], 0x90);                               // patch the next instruction: hlt → nop
        loop.nop();
        loop.nop();
        m.Memory.Write(0x1180, [0xF4, 0xF4]);                            // 0x1180: F4, then F4 at 0x1181
        var tail = new Assembler(32);                                     // from the end of the loop block to 0x1180
        tail.jmp(0x1180UL);
        int loopLen = m.Load(loop, 0x1100).Length;
        m.Load(tail, 0x1100 + (uint)loopLen);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(0x11u + 0x12 + 0x13, m.Cpu.Ebx & 0xFF);
        Assert.Equal(0x1182u, m.Cpu.Eip);                                 // first HLT was patched to NOP
    }
}
