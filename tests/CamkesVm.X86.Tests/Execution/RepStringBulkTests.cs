using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Execution;

/// <summary>
/// REP MOVS / REP STOS done a page at a time must give the element-by-element result of the SDM's
/// pseudocode ("MOVS", "STOS", "REP"): the same bytes, the same final ESI/EDI/ECX, a fault on the exact
/// element with ECX/EDI pointing at it, a forward copy onto itself replicating its first bytes.
/// </summary>
public class RepStringBulkTests
{
    private const uint Src = 0x10_0F00, Dst = 0x20_0F80;   // runs cross page boundaries on both sides

    [Theory]
    [InlineData(1, 0x1235)]
    [InlineData(2, 0x91A)]
    [InlineData(4, 0x48D)]
    public void Rep_movs_copies_across_pages_and_updates_registers(int size, int count)
    {
        using var m = new TestMachine();
        var pattern = new byte[size * count];
        for (int i = 0; i < pattern.Length; i++) pattern[i] = (byte)(i * 7 + 3);
        m.Memory.Write(Src, pattern);
        RunString(m, a => Movs(a, size), Src, Dst, (uint)count);
        var copied = new byte[pattern.Length + 1];
        m.Memory.Read(Dst, copied);
        Assert.Equal(pattern, copied[..pattern.Length]);
        Assert.Equal(0, copied[^1]);
        Assert.Equal(Src + (uint)pattern.Length, m.Cpu.Esi);
        Assert.Equal(Dst + (uint)pattern.Length, m.Cpu.Edi);
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    [Theory]
    [InlineData(1, 0x2001)]
    [InlineData(2, 0x1003)]
    [InlineData(4, 0x803)]
    public void Rep_stos_fills_across_pages(int size, int count)
    {
        using var m = new TestMachine();
        m.Cpu.Eax = 0x1122_3344;
        RunString(m, a => Stos(a, size), 0, Dst, (uint)count);
        var filled = new byte[size * count + 1];
        m.Memory.Read(Dst, filled);
        for (int i = 0; i < size * count; i++) Assert.Equal((byte)(0x1122_3344 >> (8 * (i % size))), filled[i]);
        Assert.Equal(0, filled[^1]);
        Assert.Equal(Dst + (uint)(size * count), m.Cpu.Edi);
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    [Fact]
    public void Overlapping_forward_movsb_replicates_the_first_bytes()
    {
        using var m = new TestMachine();
        m.Memory.Write(Src, [0xAB, 0xCD]);
        RunString(m, a => Movs(a, 1), Src, Src + 2, 0x1800);          // each byte copies one written 2 earlier
        var bytes = new byte[0x1802];
        m.Memory.Read(Src, bytes);
        for (int i = 0; i < bytes.Length; i++) Assert.Equal(i % 2 == 0 ? 0xAB : 0xCD, bytes[i]);
    }

    [Fact]
    public void Rep_stos_faulting_on_the_next_page_stops_at_the_exact_element()
    {
        using var m = new TestMachine();
        const uint idt = 0x3000, handler = 0x3800, errorSlot = 0x3F00;
        m.EnterProtectedMode();
        // identity-map the first 4 MiB except the page at 0x201000
        m.Memory.WriteUInt32(0x80000, 0x81000 | 3);
        for (uint p = 0; p < 1024; p++) m.Memory.WriteUInt32(0x81000 + p * 4, p == 0x201 ? 0 : (p << 12) | 3);
        m.WriteGate(idt, 14, TestMachine.Code32, handler);
        m.Cpu.Idtr = new DescriptorTableRegister(idt, 15 * 8 - 1);
        m.Memory.Write(handler, [0x8F, 0x05, .. BitConverter.GetBytes(errorSlot), 0xF4]);   // pop [errorSlot] ; hlt
        m.Cpu.Cr3 = 0x80000;
        m.Cpu.Cr0 |= CrBits.PG;
        m.Cpu.Eax = 0x5A5A_5A5A;
        RunString(m, a => Stos(a, 4), 0, 0x20_0FF8, 8, enterProtectedMode: false);
        Assert.Equal(0x20_1000u, m.Cpu.Cr2);
        Assert.Equal(2u, m.Memory.ReadUInt32(errorSlot));                          // not present, write
        Assert.Equal(0x20_1000u, m.Cpu.Edi);
        Assert.Equal(6u, m.Cpu.Ecx);
        Assert.Equal(0x5A5A_5A5Au, m.Memory.ReadUInt32(0x20_0FFC));
        Assert.Equal(TestMachine.CodeBase, m.Memory.ReadUInt32(m.Cpu.Esp));        // EIP of the REP STOS
    }

    private static void Movs(Assembler a, int size)
    {
        if (size == 1) a.rep.movsb();
        else if (size == 2) a.rep.movsw();
        else a.rep.movsd();
    }

    private static void Stos(Assembler a, int size)
    {
        if (size == 1) a.rep.stosb();
        else if (size == 2) a.rep.stosw();
        else a.rep.stosd();
    }

    private static void RunString(TestMachine m, Action<Assembler> emit, uint esi, uint edi, uint ecx, bool enterProtectedMode = true)
    {
        var a = new Assembler(32);
        emit(a);
        a.hlt();
        m.Load(a);
        if (enterProtectedMode) m.EnterProtectedMode();
        m.Cpu.Esi = esi;
        m.Cpu.Edi = edi;
        m.Cpu.Ecx = ecx;
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
    }
}
