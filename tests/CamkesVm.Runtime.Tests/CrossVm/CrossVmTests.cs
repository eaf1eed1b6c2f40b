using System.Text;
using CamkesVm.Machine;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.CrossVm;
using CamkesVm.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Runtime.Tests.CrossVm;

/// <summary>
/// The VMM side of the cross-VM connectors (DESIGN.md "Cross-VM ABI", camkes_vm.md §3.2) driven by a tiny guest:
/// token 1 backs guest pages with the dataport, token 3 emits, consumed events arrive as IRQ 12 with the id in the
/// event page under the spec's mutex, and bad requests get an errno back while the VM keeps running.
/// </summary>
public sealed unsafe class CrossVmTests
{
    private const uint Buffer = 0x200000, EventPage = 0x300000, Results = 0x400000, Ids = 0x410000, Count = 0x420000;
    private const byte Done = 0x21;
    private const int DoneStatus = Done * 2 + 1;

    private static uint Result(AssemblyRuntime runtime, int index) => runtime.Machine("vm0").Memory.ReadUInt32(Results + (uint)index * 4);

    [Fact]
    public void Guest_shares_a_page_writes_to_it_and_emits_and_the_native_end_sees_the_bytes()
    {
        string? printed = null;
        var log = new List<string>();
        var options = VmAssembly.Options(g =>
        {
            g.Hypercall(DataportShare.Token, 1, 1, Buffer, 4096, Results);
            g.A.mov(__dword_ptr[(int)Buffer], 0x6c6c6568);          // "hell"
            g.A.mov(__dword_ptr[(int)Buffer + 4], 0x6f);            // "o\0"
            g.Hypercall(GuestEmits.Token, 1, 1, 0, 0, Results + 4);
            var wait = g.A.CreateLabel();
            g.A.Label(ref wait);
            g.A.pause();
            g.A.cmp(__byte_ptr[(int)Buffer + 100], 1);               // the native end answers in the same page
            g.A.jne(wait);
            g.Exit(Done);
        }, () => new Lambda(run: c =>
        {
            c.Consumes("do_print").Wait();
            var data = c.Dataport("data");
            printed = Encoding.ASCII.GetString(data.Span[..data.Span.IndexOf((byte)0)]);
            data.Pointer[100] = 1;
            return 0;
        }), log);
        using var runtime = new AssemblyRuntime(options);
        var exit = TestAssembly.RunToEnd(runtime);
        Assert.Equal((MachineExitKind.DebugExit, DoneStatus), (exit.Kind, exit.Status));
        Assert.Equal("hello", printed);
        Assert.Equal((0u, 0u), (Result(runtime, 0), Result(runtime, 1)));
        var memory = runtime.Machine("vm0").Memory;
        Assert.True(memory.HostPage(Buffer + 4096) == memory.Ram + Buffer + 4096);  // only the dataport's pages moved
        Assert.DoesNotContain(log, l => l.Contains("cross-VM"));
    }

    [Fact]
    public void Native_emits_raise_irq_12_with_the_id_in_the_event_page_one_at_a_time_until_acked()
    {
        var log = new List<string>();
        var options = VmAssembly.Options(EventGuest, () => new Lambda(run: c =>
        {
            c.Emits("done_printing").Emit();                        // before the guest's INIT: latched until then
            c.Emits("extra").Emit();
            return 0;
        }), log);
        using var runtime = new AssemblyRuntime(options);
        var exit = TestAssembly.RunToEnd(runtime);
        Assert.Equal((MachineExitKind.DebugExit, DoneStatus), (exit.Kind, exit.Status));
        var memory = runtime.Machine("vm0").Memory;
        Assert.Equal(0u, Result(runtime, 0));                       // INIT
        Assert.Equal(GuestEvents.ContextMagic, Result(runtime, 1)); // magic in event_context_t
        Assert.Equal(1u, Result(runtime, 2));                       // no second event before the ACK
        Assert.Equal((0u, 0u), (Result(runtime, 3), Result(runtime, 4)));   // both ACKs accepted
        Assert.Equal([1u, 2u], new[] { memory.ReadUInt32(Ids), memory.ReadUInt32(Ids + 4) }.Order());
        Assert.DoesNotContain(log, l => l.Contains("cross-VM"));
    }

    /// <summary>Remaps the PIC to 0x20/0x28 with only IRQ 12 (and the cascade) unmasked, INITs the event page and counts events.</summary>
    private static void EventGuest(TinyGuest g)
    {
        var a = g.A;
        foreach (var (port, value) in new (int, int)[] { (0x20, 0x11), (0xA0, 0x11), (0x21, 0x20), (0xA1, 0x28), (0x21, 4), (0xA1, 2), (0x21, 1), (0xA1, 1), (0x21, 0xFB), (0xA1, 0xEF) })
        {
            a.mov(al, (byte)value);
            a.@out((byte)port, al);
        }
        var handler = a.CreateLabel();
        g.Hypercall(GuestEvents.Token, GuestEvents.CommandInit, EventPage, 0, 0, Results);
        a.mov(eax, __dword_ptr[(int)EventPage + 4]);
        a.mov(__dword_ptr[(int)Results + 4], eax);
        WaitForCount(a, 1);
        a.sti();
        a.mov(ecx, 300_000);
        var spin = a.CreateLabel();
        a.Label(ref spin);
        a.loop(spin);                                               // interrupts on: a second event could arrive now
        a.cli();
        a.mov(eax, __dword_ptr[(int)Count]);
        a.mov(__dword_ptr[(int)Results + 8], eax);
        g.Hypercall(GuestEvents.Token, GuestEvents.CommandAck, 0, 0, 0, Results + 12);
        WaitForCount(a, 2);
        g.Hypercall(GuestEvents.Token, GuestEvents.CommandAck, 0, 0, 0, Results + 16);
        g.Exit(Done);
        a.Label(ref handler);                                       // IRQ 12: record the id, EOI to both PICs
        g.Handle(0x28 + 4, handler);
        a.push(eax);
        a.push(ebx);
        a.mov(eax, __dword_ptr[(int)EventPage]);
        a.mov(ebx, __dword_ptr[(int)Count]);
        a.mov(__dword_ptr[ebx * 4 + (int)Ids], eax);
        a.inc(__dword_ptr[(int)Count]);
        a.mov(al, 0x20);
        a.@out(0xA0, al);
        a.@out(0x20, al);
        a.pop(ebx);
        a.pop(eax);
        a.iretd();
    }

    /// <summary>cli; while (count &lt; n) { sti; hlt; cli; } (STI's interrupt shadow makes sti; hlt race-free).</summary>
    private static void WaitForCount(Assembler a, int n)
    {
        var check = a.CreateLabel();
        var done = a.CreateLabel();
        a.Label(ref check);
        a.cli();
        a.cmp(__dword_ptr[(int)Count], n);
        a.jae(done);
        a.sti();
        a.hlt();
        a.jmp(check);
        a.Label(ref done);
    }
}
