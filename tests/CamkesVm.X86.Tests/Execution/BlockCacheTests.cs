using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Execution;

/// <summary>
/// The decoded-block cache must be invisible: code changed in any way runs as changed (Intel SDM Vol. 3A,
/// 11.6 "Self-Modifying Code": P6-family processors see a store even into an instruction already prefetched),
/// a linear page remapped by INVLPG or a CR3 load runs its new physical page, the CS default size is honoured,
/// and faults and instruction budgets inside a cached block stop at the exact instruction.
/// </summary>
public class BlockCacheTests
{
    private const uint PageDir = 0x80000, PageTable0 = 0x81000, PageTable1 = 0x82000;

    [Fact]
    public void Store_into_the_next_instruction_is_seen_on_every_iteration()
    {
        using var m = new TestMachine();
        const uint patch = TestMachine.CodeBase + 5 + 2 + 6;   // after mov ecx; xor ebx; mov [..], ecx
        var a = new Assembler(32);
        Label top = a.CreateLabel();
        a.mov(ecx, 5);
        a.xor(ebx, ebx);
        a.Label(ref top);
        a.mov(__dword_ptr[patch + 1], ecx);     // immediate of the very next instruction
        a.mov(eax, 0x7777_7777);
        a.add(ebx, eax);
        a.dec(ecx);
        a.jnz(top);
        a.hlt();
        var code = m.Load(a);
        Assert.Equal(0xB8, code[patch - TestMachine.CodeBase]);
        m.EnterProtectedMode();
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(5u + 4 + 3 + 2 + 1, m.Cpu.Ebx);
    }

    [Fact]
    public void Code_patched_across_a_page_boundary_runs_as_patched()
    {
        using var m = new TestMachine();
        const uint near = 0x1_0FFD;                 // mov eax, imm32 crossing the page boundary at 0x11000
        const uint start = near - (5 + 2 + 6 + 6), far = near + 5 + 2 + 3;
        var a = new Assembler(32);
        Label top = a.CreateLabel();
        a.mov(ecx, 4);
        a.xor(ebx, ebx);
        a.Label(ref top);
        a.mov(__dword_ptr[near + 1], ecx);      // the instruction crossing the boundary
        a.mov(__dword_ptr[far + 2], ecx);       // an instruction wholly in the next page
        a.mov(eax, 0);
        a.add(ebx, eax);
        a.nop();
        a.nop();
        a.nop();
        a.add(ebx, 0x1000_0000);                // 81 C3 imm32: imm32 starts at +2
        a.dec(ecx);
        a.jnz(top);
        a.hlt();
        var code = m.Load(a, start);
        Assert.Equal(0xB8, code[near - start]);
        Assert.Equal([0x81, 0xC3], code[(int)(far - start)..(int)(far - start + 2)]);
        m.EnterProtectedMode(start);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(2u * (4 + 3 + 2 + 1), m.Cpu.Ebx);
    }

    [Fact]
    public void Code_written_through_another_linear_alias_of_its_page_is_seen()
    {
        using var m = new TestMachine();
        const uint phys = 0x30000, execAt = 0x40_0000, alias = 0x40_1000;
        EnablePaging(m, (execAt, phys), (alias, phys));
        m.Memory.Write(phys, [0xB8, 1, 0, 0, 0, 0xC3]);              // mov eax, 1 ; ret
        var a = new Assembler(32);
        a.call(execAt);
        a.mov(ebx, eax);
        a.mov(__byte_ptr[alias + 1], 2);                              // mov eax, 2 through the alias
        a.call(execAt);
        a.mov(esi, eax);
        a.call(alias);                                                 // and run the alias itself
        a.hlt();
        LoadAndRun(m, a);
        Assert.Equal(1u, m.Cpu.Ebx);
        Assert.Equal(2u, m.Cpu.Esi);
        Assert.Equal(2u, m.Cpu.Eax);
    }

    [Fact]
    public void Code_replaced_through_physical_memory_between_runs_is_seen()
    {
        using var m = new TestMachine();
        m.EnterProtectedMode();
        m.Memory.Write(TestMachine.CodeBase, [0xB8, 1, 0, 0, 0, 0xF4]);   // mov eax, 1 ; hlt
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(1u, m.Cpu.Eax);

        m.Memory.Write(TestMachine.CodeBase + 1, [2]);                    // loader / DMA path
        Rerun(m);
        Assert.Equal(2u, m.Cpu.Eax);

        m.Memory.RamSpan[(int)TestMachine.CodeBase + 1] = 3;              // a device writing RAM directly
        Rerun(m);
        Assert.Equal(3u, m.Cpu.Eax);
    }

    [Fact]
    public void Invlpg_and_cr3_loads_switch_the_code_behind_a_linear_address()
    {
        using var m = new TestMachine();
        const uint code = 0x40_0000, physA = 0x30000, physB = 0x31000, otherDir = 0x90000;
        m.Memory.Write(physA, [0xB8, 0xA, 0, 0, 0, 0xC3]);           // mov eax, 0xA ; ret
        m.Memory.Write(physB, [0xB8, 0xB, 0, 0, 0, 0xC3]);           // mov eax, 0xB ; ret
        EnablePaging(m, (code, physA));
        // a second page directory: same identity map, but `code` maps to physA again
        m.Memory.WriteUInt32(otherDir, PageTable0 | 3);
        m.Memory.WriteUInt32(otherDir + (code >> 22) * 4, 0x83000 | 3);
        m.Memory.WriteUInt32(0x83000 + ((code >> 12) & 0x3FF) * 4, physA | 3);
        uint pte = PageTable1 + ((code >> 12) & 0x3FF) * 4;
        var a = new Assembler(32);
        a.call(code);
        a.mov(ebx, eax);
        a.mov(__dword_ptr[pte], physB | 3);                          // remap, then INVLPG
        a.invlpg(__[code]);
        a.call(code);
        a.mov(esi, eax);
        a.mov(eax, otherDir);                                        // CR3 load: back to physA
        a.mov(cr3, eax);
        a.call(code);
        a.mov(edi, eax);
        a.hlt();
        LoadAndRun(m, a);
        Assert.Equal(0xAu, m.Cpu.Ebx);
        Assert.Equal(0xBu, m.Cpu.Esi);
        Assert.Equal(0xAu, m.Cpu.Edi);
    }

    [Fact]
    public void Same_bytes_decode_by_the_code_segment_default_size()
    {
        using var m = new TestMachine();
        // 32-bit: mov ax, 0x5678 ; xor al, 0x12 ; hlt    16-bit: mov eax, 0x12345678 ; hlt
        m.Memory.Write(TestMachine.CodeBase, [0x66, 0xB8, 0x78, 0x56, 0x34, 0x12, 0xF4]);
        m.EnterProtectedMode();
        m.Cpu.Eax = 0xFFFF_0000;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(0xFFFF_566Au, m.Cpu.Eax);

        m.Cpu.SetSegment(SegReg.CS, 0x18, 0, 0xFFFF, 0x9B);          // 16-bit code segment, same base
        m.Cpu.Eax = 0;
        Rerun(m);
        Assert.Equal(0x1234_5678u, m.Cpu.Eax);
    }

    [Fact]
    public void A_fault_inside_a_cached_block_reports_the_faulting_instruction()
    {
        using var m = new TestMachine();
        const uint unmapped = 0x70_0000, idt = 0x3000, handler = 0x3800, errorSlot = 0x3F00, eipSlot = 0x3F04;
        EnablePaging(m);
        m.WriteGate(idt, 14, TestMachine.Code32, handler);
        m.Cpu.Idtr = new DescriptorTableRegister(idt, 15 * 8 - 1);
        // pop dword [errorSlot] ; pop dword [eipSlot] ; hlt
        m.Memory.Write(handler, [0x8F, 0x05, .. BitConverter.GetBytes(errorSlot), 0x8F, 0x05, .. BitConverter.GetBytes(eipSlot), 0xF4]);
        var a = new Assembler(32);
        Label faulting = a.CreateLabel(), top = a.CreateLabel();
        a.mov(edx, 2);
        a.Label(ref top);
        a.mov(eax, 1);
        a.dec(edx);
        a.jz(faulting);
        a.jmp(top);                                                   // run the block once before it faults
        a.Label(ref faulting);
        a.mov(ebx, __dword_ptr[unmapped]);
        a.mov(ecx, 3);
        a.hlt();
        m.Load(a);
        m.Cpu.Ecx = 0;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(handler + 13, m.Cpu.Eip);                        // halted in the #PF handler
        Assert.Equal(0u, m.Memory.ReadUInt32(errorSlot));             // not present, read, supervisor
        uint pushedEip = m.Memory.ReadUInt32(eipSlot);
        uint faultingEip = TestMachine.CodeBase + 5 + 5 + 1 + 2 + 2;   // mov edx; mov eax; dec; jz; jmp
        Assert.Equal(faultingEip, pushedEip);
        Assert.Equal(unmapped, m.Cpu.Cr2);
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    [Fact]
    public void A_fault_on_a_chained_pass_of_a_block_reports_its_instruction_and_count()
    {
        // The loop body is one block that jumps back to its own start; the third pass faults in its fourth
        // instruction. The pushed EIP is that instruction's, and the count holds exactly the instructions
        // retired before it (2 + 2 passes of 6 + 3), plus the handler's HLT.
        using var m = new TestMachine();
        const uint unmapped = 0x70_0000, idt = 0x3000, handler = 0x3800;
        EnablePaging(m);
        m.WriteGate(idt, 14, TestMachine.Code32, handler);
        m.Cpu.Idtr = new DescriptorTableRegister(idt, 15 * 8 - 1);
        m.Memory.Write(handler, [0xF4]);
        var a = new Assembler(32);
        Label top = a.CreateLabel();
        a.mov(ecx, 3);
        a.mov(esi, unmapped);
        a.Label(ref top);
        a.mov(ebx, 0x4000);
        a.cmp(ecx, 1);
        a.cmove(ebx, esi);
        a.mov(eax, __dword_ptr[ebx]);                                  // faults on the third pass
        a.dec(ecx);
        a.jnz(top);
        a.hlt();
        m.Load(a);
        long before = m.Cpu.InstructionCount;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(handler + 1, m.Cpu.Eip);
        Assert.Equal(TestMachine.CodeBase + 5 + 5 + 5 + 3 + 3, m.Memory.ReadUInt32(m.Cpu.Esp + 4));   // EIP of mov eax, [ebx]
        Assert.Equal(unmapped, m.Cpu.Cr2);
        Assert.Equal(1u, m.Cpu.Ecx);
        Assert.Equal(before + 2 + 2 * 6 + 3 + 1, m.Cpu.InstructionCount);
    }

    [Fact]
    public void A_device_sees_the_exact_instruction_count_and_eip_during_mmio_from_a_cached_loop()
    {
        // Device models read the CPU (virtual time is the retired-instruction count) while an access runs.
        using var m = new TestMachine();
        var device = new ClockReadingMmio(m.Cpu);
        m.Memory.Mmio = device;
        const uint mmio = 0xF000_0000;
        var a = new Assembler(32);
        Label top = a.CreateLabel();
        a.mov(ecx, 4);
        a.mov(esi, mmio);
        a.Label(ref top);
        a.inc(eax);
        a.mov(edx, __dword_ptr[esi]);                                  // reads the device
        a.add(ebx, edx);
        a.mov(__dword_ptr[esi + 4], ebx);                             // writes the device
        a.dec(ecx);
        a.jnz(top);
        a.hlt();
        m.Load(a);
        m.EnterProtectedMode();
        long before = m.Cpu.InstructionCount;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        var expected = new List<(long, uint)>();
        for (int pass = 0; pass < 4; pass++)
        {
            long passStart = before + 2 + 6 * pass;
            expected.Add((passStart + 1, TestMachine.CodeBase + 10 + 1 + 2));        // after the read
            expected.Add((passStart + 3, TestMachine.CodeBase + 10 + 1 + 2 + 2 + 3)); // after the write
        }
        Assert.Equal(expected, device.Seen);
    }

    private sealed class ClockReadingMmio(Cpu.Cpu cpu) : IMmioHandler
    {
        public readonly List<(long Count, uint Eip)> Seen = [];
        public uint Read(uint address, int size) { Seen.Add((cpu.InstructionCount, cpu.Eip)); return 1; }
        public void Write(uint address, uint value, int size) => Seen.Add((cpu.InstructionCount, cpu.Eip));
    }

    [Fact]
    public void An_instruction_budget_ends_inside_a_cached_block()
    {
        using var m = new TestMachine();
        var a = new Assembler(32);
        for (int i = 0; i < 8; i++) a.inc(eax);
        a.hlt();
        m.Load(a);
        m.EnterProtectedMode();
        Assert.Equal(ExitReason.Halted, m.RunToHalt());                // cache the block
        Assert.Equal(8u, m.Cpu.Eax);
        m.Cpu.Eax = 0;
        m.Cpu.Eip = TestMachine.CodeBase;
        m.Cpu.IsHalted = false;
        long before = m.Cpu.InstructionCount;
        Assert.Equal(ExitReason.BudgetExhausted, m.Cpu.Run(3));
        Assert.Equal(3u, m.Cpu.Eax);
        Assert.Equal(TestMachine.CodeBase + 3, m.Cpu.Eip);
        Assert.Equal(before + 3, m.Cpu.InstructionCount);
        Assert.Equal(ExitReason.Stepped, m.Cpu.Step());
        Assert.Equal(4u, m.Cpu.Eax);
    }

    [Fact]
    public void A_loop_that_patches_its_own_body_runs_the_new_code_on_the_next_pass()
    {
        // The loop is one block jumping back to its own start, which the block runner repeats without a lookup;
        // the store into the block's page must still end it so the next pass sees the patched immediate.
        using var m = new TestMachine();
        m.EnterProtectedMode();
        var a = new Assembler(32);
        var top = a.CreateLabel();
        a.mov(ecx, 5);
        a.xor(eax, eax);
        a.mov(esi, TestMachine.CodeBase + 17 + 2);                     // mov ecx (5) + xor (2) + mov esi (5) + mov edx (5) = top
        a.mov(edx, 100);
        a.Label(ref top);
        a.db(0x83, 0xC0, 0x01);                                        // add eax, 1 (imm8 at top + 2)
        a.mov(ebx, 0x4000);                                            // a data page: the loop stays chained
        a.cmp(ecx, 3);
        a.cmove(ebx, esi);                                             // on the third pass, the immediate instead
        a.mov(__byte_ptr[ebx], dl);
        a.dec(ecx);
        a.jnz(top);
        a.hlt();
        LoadAndRun(m, a);
        Assert.Equal(3u + 2 * 100, m.Cpu.Eax);                          // passes 5, 4, 3 add 1; passes 2, 1 add 100
    }

    private static void LoadAndRun(TestMachine m, Assembler program)
    {
        m.Load(program);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
    }

    private static void Rerun(TestMachine m)
    {
        m.Cpu.Eip = TestMachine.CodeBase;
        m.Cpu.IsHalted = false;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
    }

    /// <summary>Protected mode with 4 KiB paging: the first 4 MiB identity-mapped, plus the given linear→physical pages.</summary>
    private static void EnablePaging(TestMachine m, params (uint Linear, uint Physical)[] extra)
    {
        m.EnterProtectedMode();
        m.Memory.WriteUInt32(PageDir, PageTable0 | 3);
        for (uint p = 0; p < 1024; p++) m.Memory.WriteUInt32(PageTable0 + p * 4, (p << 12) | 3);
        foreach (var (lin, phys) in extra)
        {
            if (lin >> 22 != 1) throw new ArgumentException("test mappings live in the second 4 MiB");
            m.Memory.WriteUInt32(PageDir + 4, PageTable1 | 3);
            m.Memory.WriteUInt32(PageTable1 + ((lin >> 12) & 0x3FF) * 4, phys | 3);
        }
        m.Cpu.Cr3 = PageDir;
        m.Cpu.Cr0 |= CrBits.PG;
    }
}
