using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Boot;

/// <summary>
/// Puts the CPU in the state a 32-bit boot protocol expects (Linux boot.rst "32-bit boot protocol";
/// Multiboot spec 3.2 "Machine state"): protected mode, paging off, IF = 0, a GDT with flat 4 GiB
/// segments where Linux wants them (__BOOT_CS = 0x10, __BOOT_DS = 0x18), CS/DS/ES/FS/GS/SS loaded.
/// </summary>
public static class FlatProtectedMode
{
    /// <summary>Selectors of the boot GDT.</summary>
    public const ushort CodeSelector = 0x10, DataSelector = 0x18;

    /// <summary>Access rights (descriptor bits 40–55) of the flat code and data segments: present, DPL 0, 32-bit, 4 KiB granular.</summary>
    private const ushort CodeRights = 0xC09B, DataRights = 0xC093;

    /// <summary>Writes the boot GDT and loads the CPU state of <paramref name="entry"/>.</summary>
    public static void Enter(Cpu cpu, PhysicalMemory memory, BootEntry entry)
    {
        WriteGdt(memory, PcMemoryMap.BootGdt);
        cpu.Reset();
        cpu.Gdtr = new DescriptorTableRegister(PcMemoryMap.BootGdt, 4 * 8 - 1);
        cpu.Idtr = new DescriptorTableRegister(0, 0);
        cpu.Cr0 = CrBits.PE | CrBits.ET;
        cpu.SetSegment(SegReg.CS, CodeSelector, 0, 0xFFFF_FFFF, CodeRights);
        foreach (var s in new[] { SegReg.DS, SegReg.ES, SegReg.FS, SegReg.GS, SegReg.SS })
            cpu.SetSegment(s, DataSelector, 0, 0xFFFF_FFFF, DataRights);
        cpu.Eflags = Flags.Reserved1;
        cpu.Eax = entry.Eax;
        cpu.Ebx = entry.Ebx;
        cpu.Ecx = cpu.Edx = cpu.Edi = cpu.Ebp = 0;
        cpu.Esi = entry.Esi;
        cpu.Esp = entry.Esp;
        cpu.Eip = entry.Eip;
    }

    private static void WriteGdt(PhysicalMemory memory, uint at)
    {
        memory.WriteUInt32(at, 0); memory.WriteUInt32(at + 4, 0);
        memory.WriteUInt32(at + 8, 0); memory.WriteUInt32(at + 12, 0);
        WriteFlat(memory, at + CodeSelector, 0x9B);
        WriteFlat(memory, at + DataSelector, 0x93);
    }

    /// <summary>A flat 4 GiB descriptor (SDM Vol. 3A, Figure 3-8): base 0, limit 0xFFFFF with G=1, D/B=1.</summary>
    private static void WriteFlat(PhysicalMemory memory, uint at, byte access)
    {
        memory.WriteUInt32(at, 0x0000_FFFF);
        memory.WriteUInt32(at + 4, 0x00CF_0000u | ((uint)access << 8));
    }
}
