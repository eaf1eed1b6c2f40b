using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// CMPSD/SCASD with REPE/REPNE, INSB/INSD/OUTSB/OUTSD through the port interface, and LOOPE/LOOPNE, following the
/// SDM Vol. 2 pseudocode ("CMPS", "SCAS", "INS", "OUTS", "LOOP/LOOPcc"): the count register is decremented
/// first, the loop ends on ECX = 0 or the ZF condition; string pointers step by the operand size (DF = 0).
/// </summary>
public class StringCompareAndPortTests
{
    private static TestMachine Run(Action<Assembler> code, Action<TestMachine>? setup = null)
    {
        var m = TestMachine.RunProgram(code, setup);
        Assert.Null(m.RecordedException);
        return m;
    }

    private static void Dwords(TestMachine m, uint at, params uint[] values)
    {
        for (int i = 0; i < values.Length; i++) m.Memory.WriteUInt32(at + (uint)i * 4, values[i]);
    }

    [Fact]
    public void REPE_CMPSD_stops_after_the_first_difference()
    {
        using var m = Run(a => { a.mov(esi, 0x4000); a.mov(edi, 0x5000); a.mov(ecx, 5); a.cld(); a.repe.cmpsd(); a.setz(bl); },
            t => { Dwords(t, 0x4000, 1, 2, 3, 4, 5); Dwords(t, 0x5000, 1, 2, 9, 4, 5); });
        Assert.Equal(2u, m.Cpu.Ecx);                     // three compared, the third differed
        Assert.Equal(0x400Cu, m.Cpu.Esi);
        Assert.Equal(0x500Cu, m.Cpu.Edi);
        Assert.Equal(0u, m.Cpu.Ebx & 0xFF);
    }

    [Fact]
    public void REPNE_SCASD_finds_EAX()
    {
        using var m = Run(a => { a.mov(eax, 0xCAFE); a.mov(edi, 0x5000); a.mov(ecx, 8); a.cld(); a.repne.scasd(); a.setz(bl); },
            t => Dwords(t, 0x5000, 7, 8, 0xCAFE, 9));
        Assert.Equal(5u, m.Cpu.Ecx);
        Assert.Equal(0x500Cu, m.Cpu.Edi);
        Assert.Equal(1u, m.Cpu.Ebx & 0xFF);
    }

    [Fact]
    public void INSB_INSD_read_DX_into_ES_EDI_and_OUTSB_OUTSD_write_DS_ESI_to_DX()
    {
        using var m = Run(a =>
        {
            a.mov(dx, 0x60);
            a.mov(edi, 0x5000);
            a.insb();
            a.insd();
            a.mov(esi, 0x4000);
            a.mov(dx, 0x70);
            a.outsb();
            a.outsd();
        }, t =>
        {
            t.Ports.Inputs[0x60] = 0x1122_3344;
            t.Memory.Write(0x4000, [0xAB, 0x01, 0x02, 0x03, 0x04]);
        });
        Assert.Equal(0x44, m.Memory.ReadByte(0x5000));
        Assert.Equal(0x1122_3344u, m.Memory.ReadUInt32(0x5001));
        Assert.Equal(0x5005u, m.Cpu.Edi);
        Assert.Equal([(0x70, 0xABu, 1), (0x70, 0x0403_0201u, 4)], m.Ports.Writes.Select(w => ((int)w.Port, w.Value, w.Size)).ToArray());
        Assert.Equal(0x4005u, m.Cpu.Esi);
    }

    [Theory]
    [InlineData(true, 3u, 2u)]       // LOOPE: leaves when the compare becomes unequal (ZF = 0) at the 3rd pass
    [InlineData(false, 5u, 0u)]      // LOOPNE: leaves when the compare is equal; never here, so ECX runs out
    public void LOOPE_and_LOOPNE_end_on_the_count_or_ZF(bool loope, uint passes, uint ecxLeft)
    {
        using var m = Run(a =>
        {
            var top = a.CreateLabel();
            a.mov(ecx, 5);
            a.xor(ebx, ebx);
            a.Label(ref top);
            a.inc(ebx);
            a.cmp(ebx, loope ? 3 : 9);
            if (loope) { a.setb(al); a.cmp(al, 1); a.loope(top); }      // ZF = (EBX < 3)
            else a.loopne(top);
        });
        Assert.Equal(passes, m.Cpu.Ebx);
        Assert.Equal(ecxLeft, m.Cpu.Ecx);
    }
}
