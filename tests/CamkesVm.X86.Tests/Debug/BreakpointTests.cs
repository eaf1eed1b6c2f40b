using CamkesVm.X86.Cpu;
using Iced.Intel;
using static CamkesVm.X86.Tests.Debug.DebugHarness;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Debug;

/// <summary>
/// DR0–DR3 breakpoints per Intel SDM Vol. 3B, chapter 17: instruction breakpoints are faults taken before the
/// instruction, pushed with RF as it was (0), and resumed with RF set by the handler (17.3.1.1); data
/// breakpoints are traps after the access with LEN/R/W matching (17.2.5, 17.3.1.2); I/O breakpoints exist only
/// with CR4.DE (17.2.4); B0–B3 in DR6 name the breakpoint (17.2.3).
/// </summary>
public class BreakpointTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Instruction_breakpoint_faults_before_the_instruction_and_RF_resumes_it(int n, bool global)
    {
        using var h = new DebugHarness();
        var a = new Assembler(32);
        a.xor(eax, eax);
        var target = Mark(a);
        a.inc(eax);
        a.inc(eax);
        a.hlt();
        uint at = (uint)h.Load(a).GetLabelRIP(target);
        h.M.Cpu.SetDebugRegister(n, at);
        h.M.Cpu.SetDebugRegister(7, Dr7Enable(n, rw: 0, length: 1, global));

        var hits = h.Run();

        var hit = Assert.Single(hits);
        Assert.Equal(1u << n, hit.BreakpointBits);
        Assert.False(hit.SingleStep);
        Assert.Equal(at, hit.Eip);                     // a fault: the instruction has not run
        Assert.False(hit.ResumeFlag);                  // instruction-breakpoint #DB pushes RF as it was
        Assert.Equal(2u, h.M.Cpu.Eax);                 // it ran exactly once after IRET with RF set
    }

    [Fact]
    public void Without_RF_in_the_image_IRET_triggers_the_instruction_breakpoint_again()
    {
        using var h = new DebugHarness(setRfFromHit: 3);
        var a = new Assembler(32);
        a.xor(eax, eax);
        var target = Mark(a);
        a.inc(eax);
        a.hlt();
        uint at = (uint)h.Load(a).GetLabelRIP(target);
        h.M.Cpu.SetDebugRegister(0, at);
        h.M.Cpu.SetDebugRegister(7, Dr7Enable(0, rw: 0, length: 1));

        var hits = h.Run();

        Assert.Equal(3, hits.Count);
        Assert.All(hits, x => Assert.Equal(at, x.Eip));
        Assert.Equal(1u, h.M.Cpu.Eax);
    }

    [Fact]
    public void Breakpoint_without_L_or_G_enable_bit_does_not_trigger()
    {
        using var h = new DebugHarness();
        var a = new Assembler(32);
        var target = Mark(a);
        a.mov(__dword_ptr[0x4000], eax);
        a.hlt();
        uint at = (uint)h.Load(a).GetLabelRIP(target);
        h.M.Cpu.SetDebugRegister(0, at);
        h.M.Cpu.SetDebugRegister(1, 0x4000);
        h.M.Cpu.SetDebugRegister(7, (Dr7Enable(0, 0, 1) | Dr7Enable(1, 1, 4)) & ~0xFFu);   // R/W, LEN set; L0–G3 clear

        Assert.Empty(h.Run());
    }

    public static TheoryData<int, int, uint, bool, uint, int, bool> DataCases => new()
    {
        // length, R/W (1 write, 3 read/write), DR address, access is a write, access address, access size, hit
        { 1, 1, 0x4000, true, 0x4000, 1, true },
        { 1, 1, 0x4000, true, 0x4001, 1, false },
        { 1, 1, 0x4000, true, 0x3FFD, 4, true },     // a dword whose last byte is the watched one
        { 2, 1, 0x4002, true, 0x4003, 1, true },
        { 2, 1, 0x4002, true, 0x4001, 1, false },
        { 2, 1, 0x4002, true, 0x4004, 2, false },
        { 2, 1, 0x4002, true, 0x4001, 2, true },     // 4001–4002 overlaps the watched word
        { 4, 1, 0x4004, true, 0x4007, 1, true },
        { 4, 1, 0x4004, true, 0x4008, 4, false },
        { 4, 1, 0x4004, true, 0x4002, 4, true },
        { 4, 1, 0x4004, false, 0x4004, 4, false },   // write-only breakpoints ignore reads
        { 4, 3, 0x4004, false, 0x4004, 4, true },
        { 2, 3, 0x4002, false, 0x4003, 1, true },
        { 1, 3, 0x4000, true, 0x4000, 2, true },
        { 1, 3, 0x4000, false, 0x4001, 1, false },
    };

    [Theory]
    [MemberData(nameof(DataCases))]
    public void Data_breakpoint_is_a_trap_after_an_overlapping_access(int length, int rw, uint address, bool write, uint access, int size, bool hit)
    {
        using var h = new DebugHarness();
        var a = new Assembler(32);
        a.mov(eax, 0x1122_3344);
        a.mov(ebx, access);
        if (write)
        {
            if (size == 1) a.mov(__byte_ptr[ebx], al);
            else if (size == 2) a.mov(__word_ptr[ebx], ax);
            else a.mov(__dword_ptr[ebx], eax);
        }
        else
        {
            if (size == 1) a.mov(cl, __byte_ptr[ebx]);
            else if (size == 2) a.mov(cx, __word_ptr[ebx]);
            else a.mov(ecx, __dword_ptr[ebx]);
        }
        var after = Mark(a);
        a.nop();
        a.hlt();
        uint next = (uint)h.Load(a).GetLabelRIP(after);
        h.M.Cpu.SetDebugRegister(2, address);
        h.M.Cpu.SetDebugRegister(7, Dr7Enable(2, rw, length));

        var hits = h.Run();

        if (!hit)
        {
            Assert.Empty(hits);
            return;
        }
        var x = Assert.Single(hits);
        Assert.Equal(0b100u, x.BreakpointBits);
        Assert.False(x.SingleStep);
        Assert.Equal(next, x.Eip);                     // a trap: EIP past the accessing instruction
        Assert.False(x.ResumeFlag);
        if (write) Assert.Equal(0x44u, h.M.Memory.ReadByte(access));   // the access completed
    }

    [Fact]
    public void Data_breakpoint_on_a_write_that_page_faults_is_not_reported()
    {
        using var h = new DebugHarness();
        const uint pd = 0x10_0000, pt = 0x10_1000, readOnly = 0x5000;
        h.M.Memory.WriteUInt32(pd, pt | 3);
        for (uint p = 0; p < 1024; p++) h.M.Memory.WriteUInt32(pt + p * 4, p << 12 | (p << 12 == readOnly ? 1u : 3u));
        var a = new Assembler(32);
        a.mov(__dword_ptr[readOnly], eax);             // CR0.WP: a supervisor write to a read-only page faults
        a.hlt();
        h.Load(a);
        h.M.Cpu.Cr3 = pd;
        h.M.Cpu.Cr0 |= CrBits.PG | CrBits.WP;
        h.M.Cpu.SetDebugRegister(0, readOnly);
        h.M.Cpu.SetDebugRegister(7, Dr7Enable(0, 1, 4));

        h.M.RunToHalt(10_000);

        Assert.Equal(14, h.M.RecordedException);
        Assert.Empty(h.Hits);                          // the write never happened: no trap, no B0
        Assert.Equal(0u, h.M.Cpu.GetDebugRegister(6) & 0xF);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    public void IO_breakpoint_needs_CR4_DE_and_traps_after_IN_or_OUT(bool de, bool isOut, bool hit)
    {
        using var h = new DebugHarness();
        var a = new Assembler(32);
        a.mov(edx, 0x81);
        if (isOut) a.@out(dx, al);
        else a.@in(al, dx);
        var after = Mark(a);
        a.mov(__dword_ptr[0x80], eax);                 // memory at the same address never hits an I/O breakpoint
        a.hlt();
        uint next = (uint)h.Load(a).GetLabelRIP(after);
        if (de) h.M.Cpu.Cr4 = CrBits.DE;
        h.M.Cpu.SetDebugRegister(3, 0x80);
        h.M.Cpu.SetDebugRegister(7, Dr7Enable(3, rw: 2, length: 2));

        var hits = h.Run();

        if (!hit)
        {
            Assert.Empty(hits);
            return;
        }
        var x = Assert.Single(hits);
        Assert.Equal(0b1000u, x.BreakpointBits);
        Assert.Equal(next, x.Eip);
    }
}
