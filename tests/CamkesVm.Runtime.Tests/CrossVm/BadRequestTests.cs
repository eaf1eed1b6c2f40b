using CamkesVm.Machine;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.CrossVm;
using CamkesVm.Runtime.Tests.Support;

namespace CamkesVm.Runtime.Tests.CrossVm;

/// <summary>
/// A guest's bad cross-VM requests get an errno in EAX and one log line each, and the VM keeps running (the guest
/// goes on to a valid share and exits normally); app hypercall handlers (the seed's poke, token 4) get their result
/// to the guest.
/// </summary>
public sealed class BadRequestTests
{
    private const uint Buffer = 0x200000, Results = 0x400000, RamEnd = 16u << 20;

    private static readonly (string Why, uint Token, uint Ebx, uint Ecx, uint Edx, uint Esi, int Expected)[] Requests =
    [
        ("unknown dataport id", DataportShare.Token, 1, 9, Buffer, 4096, CrossVmStatus.UnknownId),
        ("dataport id 0", DataportShare.Token, 1, 0, Buffer, 4096, CrossVmStatus.UnknownId),
        ("wrong size", DataportShare.Token, 1, 1, Buffer, 8192, CrossVmStatus.Invalid),
        ("unaligned address", DataportShare.Token, 1, 1, Buffer + 0x10, 4096, CrossVmStatus.Invalid),
        ("past the end of RAM", DataportShare.Token, 1, 1, RamEnd, 4096, CrossVmStatus.NotRam),
        ("in the PCI hole", DataportShare.Token, 1, 1, 0xFEC0_0000, 4096, CrossVmStatus.NotRam),
        ("unknown dataport command", DataportShare.Token, 7, 1, Buffer, 4096, CrossVmStatus.UnknownCommand),
        ("unknown event id", GuestEmits.Token, 1, 5, 0, 0, CrossVmStatus.UnknownId),
        ("unknown emit command", GuestEmits.Token, 2, 1, 0, 0, CrossVmStatus.UnknownCommand),
        ("ack with nothing delivered", GuestEvents.Token, GuestEvents.CommandAck, 0, 0, 0, CrossVmStatus.NotPending),
        ("unaligned event page", GuestEvents.Token, GuestEvents.CommandInit, 0x300004, 0, 0, CrossVmStatus.Invalid),
        ("event page outside RAM", GuestEvents.Token, GuestEvents.CommandInit, RamEnd, 0, 0, CrossVmStatus.NotRam),
        ("unknown event command", GuestEvents.Token, 9, 0, 0, 0, CrossVmStatus.UnknownCommand),
        ("unknown hypercall token", 77, 0, 0, 0, 0, unchecked((int)HypercallTable.UnknownToken)),
        ("valid share afterwards", DataportShare.Token, 1, 1, Buffer, 4096, CrossVmStatus.Ok),
        ("event page over the dataport", GuestEvents.Token, GuestEvents.CommandInit, Buffer, 0, 0, CrossVmStatus.Overlap),
        ("app handler (poke)", 4, 0, 0, 0, 0, 0x1234),
    ];

    private sealed class Poke : IVmExtension
    {
        public void Configure(IVmContext vm) => vm.RegisterHypercall(4, _ =>
        {
            vm.Out.WriteLine("POKE!!!");
            return 0x1234;
        });
    }

    [Fact]
    public void Each_bad_request_gets_its_error_code_and_one_log_line_and_the_vm_keeps_running()
    {
        var log = new List<string>();
        var options = VmAssembly.Options(g =>
        {
            for (int i = 0; i < Requests.Length; i++)
            {
                var r = Requests[i];
                g.Hypercall(r.Token, r.Ebx, r.Ecx, r.Edx, r.Esi, Results + (uint)i * 4);
            }
            g.Exit(0x21);
        }, () => new Lambda(), log, new Poke());
        var output = new StringWriter();
        using var runtime = new AssemblyRuntime(options with { ComponentOut = output });
        var exit = TestAssembly.RunToEnd(runtime);
        Assert.Equal((MachineExitKind.DebugExit, 0x43), (exit.Kind, exit.Status));
        var memory = runtime.Machine("vm0").Memory;
        var got = Requests.Select((r, i) => (r.Why, (int)memory.ReadUInt32(Results + (uint)i * 4))).ToList();
        Assert.Equal(Requests.Select(r => (r.Why, r.Expected)).ToList(), got);
        var refused = log.Where(l => l.Contains("cross-VM")).ToList();
        Assert.Equal(Requests.Count(r => r.Expected < 0 && r.Token <= 3), refused.Count);
        Assert.Contains("vm0: cross-VM dataport share: size 8192 for dataport 1 (data), the spec says 4096; returned -EINVAL to the guest", refused);
        Assert.Contains(log, l => l.Contains("unknown token 77"));
        Assert.Equal("POKE!!!" + Environment.NewLine, output.ToString());
    }
}
