using System.Text;
using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Machine.Tests.Boot;

/// <summary>
/// A hand-assembled Multiboot kernel (a.out kludge, Multiboot 0.6.96 §3.1.3) boots on the whole machine: it checks
/// the boot-loader magic, prints over COM1 polling LSR.THRE (PC16550D), and ends the run through isa-debug-exit.
/// </summary>
public class MultibootKernelBootTests
{
    private const uint Load = 0x100000;
    private const int MessageOffset = 0x100;

    private static byte[] Kernel(string message, byte exitCode)
    {
        var a = new Assembler(32);
        var entry = a.CreateLabel();
        var next = a.CreateLabel();
        var wait = a.CreateLabel();
        var done = a.CreateLabel();
        var fail = a.CreateLabel();
        const uint flags = 0x0001_0003;
        a.dd(MultibootLoader.HeaderMagic, flags, unchecked(0u - MultibootLoader.HeaderMagic - flags));
        a.dd(Load, Load);                                     // header_addr, load_addr
        a.dd(0, 0, Load + 0x20);                              // load_end (whole file), bss_end, entry
        a.nop(); a.nop(); a.nop(); a.nop(); a.nop(); a.nop(); a.nop(); a.nop();   // pad to 0x20
        a.Label(ref entry);
        a.cmp(eax, unchecked((int)MultibootLoader.BootloaderMagic));
        a.jne(fail);
        a.mov(esi, (int)(Load + MessageOffset));
        a.Label(ref next);
        a.mov(bl, __byte_ptr[esi]);
        a.inc(esi);
        a.test(bl, bl);
        a.jz(done);
        a.Label(ref wait);
        a.mov(dx, 0x3FD);
        a.@in(al, dx);
        a.test(al, 0x20);
        a.jz(wait);
        a.mov(dx, 0x3F8);
        a.mov(al, bl);
        a.@out(dx, al);
        a.jmp(next);
        a.Label(ref done);
        a.mov(dx, 0xF4);
        a.mov(al, exitCode);
        a.@out(dx, al);
        a.hlt();
        a.Label(ref fail);
        a.mov(dx, 0xF4);
        a.mov(al, 0x7F);
        a.@out(dx, al);
        a.hlt();
        var image = new byte[MessageOffset + message.Length + 1];
        AssembledCode.Bytes(a, Load).CopyTo(image, 0);
        Encoding.ASCII.GetBytes(message).CopyTo(image, MessageOffset);
        return image;
    }

    [Fact]
    public void Multiboot_kernel_prints_on_com1_and_exits_through_isa_debug_exit()
    {
        using var machine = new PcMachine(new MachineOptions { MemoryMb = 16, InstructionLimit = 10_000_000 });
        var output = new StringBuilder();
        machine.SerialOutput = b => output.Append((char)b);
        machine.Boot(new BootFile("test-kernel", Kernel("hello from multiboot\n", 0x21)), null, "");
        var exit = machine.Run();
        Assert.Equal("hello from multiboot\n", output.ToString());
        Assert.Equal(MachineExitKind.DebugExit, exit.Kind);
        Assert.Equal((0x21 << 1) | 1, exit.Status);
    }
}
