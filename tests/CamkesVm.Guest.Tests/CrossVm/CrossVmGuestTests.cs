using System.Text.RegularExpressions;
using CamkesVm.Guest.Tests.Support;
using CamkesVm.Guest.Tests.Vmm;
using CamkesVm.Machine;

namespace CamkesVm.Guest.Tests.CrossVm;

/// <summary>
/// The guest half of the seed's "Adding a kernel module" and "Cross VM Connectors" on the committed images:
/// the machine is built in the test, whose handlers play the VMM (the ABI of DESIGN.md) and the seed's print
/// server (dataport 1 of 4096 bytes, guest emits do_print = 1, the server answers done_printing = 1).
/// </summary>
[Collection(VmmCollection.Name)]
public sealed class CrossVmGuestTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Command = TimeSpan.FromMinutes(2);
    private const uint DataId = 1, DoPrintId = 1, DonePrintingId = 1, DataSize = 4096, PokeToken = 4;

    [Fact]
    public async Task Print_client_and_poke_reach_the_vmm_through_the_cross_vm_modules()
    {
        CrossVmVmmDouble vmm = null!;
        var printed = new List<string>();
        var pokes = new List<uint>();
        using var guest = InProcessGuest.BootCommitted(machine =>
        {
            vmm = new CrossVmVmmDouble(machine, new Dictionary<uint, uint> { [DataId] = DataSize }, [DoPrintId]);
            // The print server: print the dataport's string, then answer a little later in guest time, so the
            // first answer finds print_client already blocked in poll() and the latch path is taken when it is not.
            vmm.Emitted = _ =>
            {
                lock (printed) printed.Add(vmm.ReadString(DataId));
                vmm.SendEvent(DonePrintingId, printed.Count == 1 ? 5_000_000 : 0);
            };
            machine.Hypercalls.Register(PokeToken, a => { lock (pokes) pokes.Add(a.Arg0); return 0; });
        });
        var c = guest.Console;

        var boot = c.WaitFor("login:", Boot);
        Assert.Contains("Creating dataport node /dev/camkes_data", boot);
        Assert.Contains("Allocating 4096 bytes for /dev/camkes_data", boot);
        Assert.Contains("Creating consuming event node /dev/camkes_done_printing", boot);
        Assert.Contains("Creating emitting event node /dev/camkes_do_print", boot);
        Assert.Empty(vmm.Refused);
        var share = Assert.Single(vmm.Shares);
        Assert.Equal((DataId, DataSize), (share.Id, share.Size));
        Assert.True(share.Address % 4096 == 0 && share.Address != 0, $"dataport at 0x{share.Address:x}");
        Assert.True(vmm.EventPage % 4096 == 0 && vmm.EventPage != 0, $"event page at 0x{vmm.EventPage:x}");

        await RootLogin.AtPrompt(c, Command);
        var output = await Run(c, "print_client hello world; echo status=$?");
        Assert.Contains("status=0", output);
        lock (printed) Assert.Equal(["hello", "world"], printed);
        Assert.Equal([DoPrintId, DoPrintId], vmm.Emits);
        Assert.Equal(2, vmm.Acks);
        Assert.Matches(@"dataport received mmap for minor 1", output);

        Assert.Contains("status=0", await Run(c, "echo > /dev/poke; echo status=$?"));
        lock (pokes) Assert.Equal([0u], pokes);

        var interrupts = await Run(c, "cat /proc/interrupts");
        Assert.Matches(new Regex(@"^\s*12:\s+2\s.*consumes_event", RegexOptions.Multiline), interrupts);
        Assert.Empty(vmm.Refused);

        await c.SendLine("poweroff");
        Assert.Equal(MachineExitKind.PowerOff, guest.WaitForExit(Command).Kind);
    }

    [Fact]
    public async Task Without_vmm_support_the_utilities_report_it_and_the_guest_still_boots()
    {
        using var guest = InProcessGuest.BootCommitted(_ => { });
        var c = guest.Console;
        var boot = c.WaitFor("login:", Boot);
        Assert.Contains("allocating /dev/camkes_data failed", boot);
        Assert.Contains("consumes_event: the VMM does not deliver cross-VM events", boot);
        await RootLogin.AtPrompt(c, Command);
        var output = await Run(c, "print_client hi; echo status=$?");
        Assert.Contains("status=1", output);
        Assert.Contains("print_client: cannot", output);
        await c.SendLine("poweroff");
        Assert.Equal(MachineExitKind.PowerOff, guest.WaitForExit(Command).Kind);
    }

    private static async Task<string> Run(SerialConsole console, string command)
    {
        await console.SendLine(command);
        console.WaitFor(command, Command);
        return console.WaitFor("# ", Command);
    }
}
