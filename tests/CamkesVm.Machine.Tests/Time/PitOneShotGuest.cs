using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Machine.Tests.Time;

/// <summary>
/// A hand-assembled guest that uses counter 0 of the 8254 as a one-shot clock event the way a tickless Linux does
/// (drivers/clocksource/i8253.c: control word once, then LSB/MSB of each new count), taking IRQ0 through the
/// 8259A (initialised as Linux does: vector base 0x20, only IRQ0 unmasked) and waiting in <c>sti; hlt</c>.
/// It arms <see cref="Events"/> one-shots with counts 1..<see cref="MaxCount"/> input clocks in turn, waits for each
/// interrupt, and ends the run through isa-debug-exit with status 0x21. The number of interrupts taken so far
/// is at <see cref="TakenAddress"/>.
/// </summary>
internal static class PitOneShotGuest
{
    public const uint Origin = 0x10_0000;
    public const uint TakenAddress = 0x20_0000;
    private const uint HandlerAddress = 0x10_1000;
    private const uint FlagAddress = 0x20_0004, IdtAddress = 0x20_1000;
    public const int MaxCount = 24;
    public const byte ExitCode = 0x10;

    /// <summary>Loads the guest for <paramref name="events"/> one-shots in PIT <paramref name="mode"/> (0 or 4) and points the CPU at it.</summary>
    public static void Load(PcMachine machine, int mode, int events)
    {
        var a = new Assembler(32);
        var next = a.CreateLabel();
        var wait = a.CreateLabel();
        var fired = a.CreateLabel();
        InitPic(a);
        // IDT entry 0x20: a 32-bit interrupt gate to the handler (SDM Vol. 3A, Figure 6-2).
        a.mov(edi, (int)(IdtAddress + 0x20 * 8));
        a.mov(eax, (int)HandlerAddress);
        a.mov(__word_ptr[edi], ax);
        a.mov(__word_ptr[edi + 2], FlatProtectedMode.CodeSelector);
        a.mov(__word_ptr[edi + 4], 0x8E00);
        a.shr(eax, 16);
        a.mov(__word_ptr[edi + 6], ax);
        a.mov(__word_ptr[IdtAddress - 6], 0x21 * 8 - 1);
        a.mov(__dword_ptr[IdtAddress - 4], (int)IdtAddress);
        a.lidt(__fword_ptr[IdtAddress - 6]);
        a.mov(esp, 0x1F_0000);
        a.mov(__dword_ptr[TakenAddress], 0);
        a.mov(al, (byte)(0x30 | mode << 1));          // counter 0, LSB then MSB, binary
        a.@out(0x43, al);
        a.xor(ebx, ebx);                              // events armed so far
        a.Label(ref next);
        a.mov(__dword_ptr[FlagAddress], 0);
        a.mov(eax, ebx);
        a.xor(edx, edx);
        a.mov(ecx, MaxCount);
        a.div(ecx);
        a.lea(eax, __dword_ptr[edx + 1]);             // count = 1 + events % MaxCount
        a.@out(0x40, al);
        a.mov(al, ah);
        a.@out(0x40, al);
        a.Label(ref wait);
        a.cli();
        a.cmp(__dword_ptr[FlagAddress], 0);
        a.jne(fired);
        a.sti();
        a.hlt();                                      // STI's shadow: no interrupt between the check and HLT
        a.jmp(wait);
        a.Label(ref fired);
        a.inc(ebx);
        a.cmp(ebx, events);
        a.jb(next);
        a.mov(al, ExitCode);
        a.@out(0xF4, al);
        a.hlt();
        Place(machine, a, Origin);
        Place(machine, Handler(), HandlerAddress);
        FlatProtectedMode.Enter(machine.Cpu, machine.Memory, new BootEntry(Origin));
    }

    /// <summary>IRQ0: note the interrupt, EOI, return.</summary>
    private static Assembler Handler()
    {
        var a = new Assembler(32);
        a.push(eax);
        a.mov(__dword_ptr[FlagAddress], 1);
        a.inc(__dword_ptr[TakenAddress]);
        a.mov(al, 0x20);                              // non-specific EOI
        a.@out(0x20, al);
        a.pop(eax);
        a.iretd();
        return a;
    }

    private static void Place(PcMachine machine, Assembler a, uint address)
    {
        machine.Memory.Write(address, AssembledCode.Bytes(a, address));
    }

    /// <summary>ICW1-4 of both 8259As (edge triggered, cascade on IR2, 8086 mode), then OCW1 masks all but IRQ0.</summary>
    private static void InitPic(Assembler a)
    {
        foreach (var (port, value) in new (int, byte)[]
                 {
                     (0x20, 0x11), (0x21, 0x20), (0x21, 0x04), (0x21, 0x01),
                     (0xA0, 0x11), (0xA1, 0x28), (0xA1, 0x02), (0xA1, 0x01),
                     (0x21, 0xFE), (0xA1, 0xFF),
                 })
        {
            a.mov(al, value);
            a.@out((byte)port, al);
        }
    }
}
