using CamkesVm.Adl.Tests.Diagnostics;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Adl.Tests.Vm;

/// <summary>
/// The VMM's typed view of a spec: values come through as written, and each missing or impossible value
/// is a positioned error saying how to fix it (limits from the hardware: 16-bit I/O ports, PCI
/// bus/device/function widths, the guest's 16 PIC lines, 4 KiB pages).
/// </summary>
public sealed class GuestConfigurationReaderTests
{
    private const string Boot = "vm0.guest_ram_mb = 256; vm0.kernel_cmdline = \"console=ttyS0\"; vm0.kernel_image = \"bzimage\";\n";

    private static string Spec(string settings, string init0Extra = "", string composition = "") =>
        "import <VM/vm.camkes>;\n#include <configurations/vm.h>\n"
        + "component Init0 { VM_INIT_DEF() " + init0Extra + " }\n"
        + "component Peer { control; maybe dataport Buf(8192) d; maybe dataport Buf(4096) e; }\n"
        + "assembly {\n composition { VM_COMPOSITION_DEF()\n  VM_PER_VM_COMP_DEF(0)\n" + composition + " }\n"
        + " configuration { VM_CONFIGURATION_DEF() VM_PER_VM_CONFIG_DEF(0)\n" + settings + " }\n}\n";

    private static GuestConfigurationSet Read(string spec)
    {
        var result = AdlCompiler.CompileText(spec, "g.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return GuestConfigurationReader.Read(result.Assembly!);
    }

    private static void AssertError(string marked, string message)
    {
        var spec = MarkedSpec.Parse(marked);
        var guests = Read(spec.Text);
        Assert.False(guests.Succeeded);
        Assert.Empty(guests.Guests);
        var error = guests.Diagnostics.First(d => d.IsError);
        Assert.Equal(("g.camkes", spec.Line, spec.Column, message), (error.Location.File, error.Location.Line, error.Location.Column, error.Message));
    }

    [Fact]
    public void Boot_settings_come_through_typed()
    {
        var guests = Read(Spec(Boot + "vm0.initrd_image = \"rootfs.cpio\"; vm0.iospace_domain = 0x0f; vm0.heap_size = 0x2000000;\n"));
        var guest = Assert.Single(guests.Guests);
        Assert.Equal((0, "vm0", "Init0", 256, "console=ttyS0", "bzimage", (string?)null, "rootfs.cpio", 15L),
            (guest.Index, guest.InstanceName, guest.ComponentName, guest.GuestRamMb, guest.KernelCmdline, guest.KernelImage, guest.KernelRelocs, guest.InitrdImage, guest.IospaceDomain));
        Assert.Equal(0x2000000L, guest.GetInt("heap_size"));
        Assert.Equal(21L, guest.GetInt("cnode_size_bits"));
        Assert.Equal("0", guest.GetString("serial_getchar_attributes"));
        Assert.Same(guest, guests.Find(0));
        Assert.Null(guests.Find(1));
    }

    [Fact]
    public void Missing_ram_size_points_at_the_guest_instance()
    {
        AssertError(Spec("vm0.kernel_cmdline = \"\"; vm0.kernel_image = \"bzimage\";\n").Replace("  VM_PER_VM_COMP_DEF(0)", "  @@VM_PER_VM_COMP_DEF(0)"),
            "vm0.guest_ram_mb is not set, but the VMM needs the guest's RAM size in MiB; add 'vm0.guest_ram_mb = 128;' to the configuration");
    }

    [Fact]
    public void Missing_kernel_image_is_reported()
    {
        AssertError(Spec("vm0.guest_ram_mb = 64; vm0.kernel_cmdline = \"\";\n").Replace("  VM_PER_VM_COMP_DEF(0)", "  @@VM_PER_VM_COMP_DEF(0)"),
            "vm0.kernel_image is not set, but the VMM needs the file name of the guest kernel; add 'vm0.kernel_image = KERNEL_IMAGE;' to the configuration");
    }

    [Fact]
    public void Impossible_ram_size_is_reported_at_its_setting()
    {
        AssertError(Spec("@@vm0.guest_ram_mb = 4096; vm0.kernel_cmdline = \"\"; vm0.kernel_image = \"k\";\n"),
            "vm0.guest_ram_mb: 4096 MiB is not a usable guest RAM size: give 1..4095 MiB (a 32-bit guest without PAE addresses 4 GiB)");
    }

    [Fact]
    public void Irq_destination_must_be_a_guest_pic_line()
    {
        AssertError(Spec(Boot + "@@vm0_config.irqs = [{\"name\":\"SATA\", \"source\":19, \"level_trig\":1, \"active_low\":1, \"dest\":16}];\n"),
            "vm0_config.irqs[0]: dest 16 is not a guest PIC line: the guest's two 8259s have lines 0..15");
    }

    [Fact]
    public void Pci_device_must_name_an_existing_irq()
    {
        AssertError(Spec(Boot + "@@vm0_config.pci_devices = [{\"name\":\"NIC\", \"bus\":5, \"dev\":0, \"fun\":0, \"irq\":\"NIC\", \"memory\":[]}];\n"),
            "vm0_config.pci_devices[0]: \"irq\":\"NIC\" names no entry of the IRQ list; add {\"name\":\"NIC\", …} to the irqs");
    }

    [Fact]
    public void Pci_function_number_is_three_bits()
    {
        AssertError(Spec(Boot + "@@vm0_config.pci_devices = [{\"name\":\"X\", \"bus\":0, \"dev\":0x1f, \"fun\":8}];\n"),
            "vm0_config.pci_devices[0]: PCI function 8 is outside 0..7");
    }

    [Fact]
    public void Io_port_range_must_be_ordered_and_16_bit()
    {
        AssertError(Spec(Boot + "@@vm0_config.ioports = [{\"start\":0x4090, \"end\":0x4080, \"pci_device\":0x1f, \"name\":\"SATA\"}];\n"),
            "vm0_config.ioports[0]: start 0x4090 is above end 0x4080");
        AssertError(Spec(Boot + "@@vm0_config.ioports = [{\"start\":0x10000, \"end\":0x10008}];\n"),
            "vm0_config.ioports[0]: I/O ports are 16-bit: start 0x10000 and end 0x10008 must lie in 0..0xffff");
    }

    [Fact]
    public void Mmio_region_must_be_aligned_to_its_frames()
    {
        AssertError(Spec(Boot + "vm0_config.irqs = [{\"name\":\"N\", \"source\":17, \"dest\":10}];\n"
            + "@@vm0_config.pci_devices = [{\"name\":\"N\", \"bus\":5, \"dev\":0, \"fun\":0, \"irq\":\"N\", \"memory\":[{\"paddr\":0xc0500800, \"size\":0x1000}]}];\n"),
            "vm0_config.pci_devices[0].memory[0]: paddr 0xc0500800 is not aligned to its 2^12-byte frames");
    }

    [Fact]
    public void Field_of_the_wrong_type_is_reported()
    {
        AssertError(Spec(Boot + "@@vm0.vm_irqs = [{\"name\":\"N\", \"source\":\"17\", \"dest\":10}];\n"),
            "vm0.vm_irqs[0].source must be an integer, but its value \"17\" is of type string");
    }

    [Fact]
    public void Passthrough_in_both_spellings_is_an_error()
    {
        AssertError(Spec(Boot + "vm0_config.irqs = [];\n@@vm0.vm_irqs = [];\n"),
            "passthrough is configured twice, as vm0_config.irqs and as vm0.vm_irqs; keep one of them");
    }

    [Fact]
    public void Later_spelling_on_the_guest_itself_is_read()
    {
        var guest = Assert.Single(Read(Spec(Boot + "vm0.pci_devices_iospace = 1;\nvm0.vm_ioports = [{\"start\":0x3f8, \"end\":0x3ff}];\n"
            + "vm0.vm_irqs = [{\"name\":\"COM\", \"ioapic\":1, \"source\":4, \"dest\":4}];\n")).Guests);
        Assert.True(guest.Passthrough.PciDevicesIospace);
        Assert.Equal(new IoPortRange(0x3f8, 0x3ff, null, ""), Assert.Single(guest.Passthrough.IoPorts));
        Assert.Equal(new IrqRoute("COM", 1, 4, false, false, 4), Assert.Single(guest.Passthrough.Irqs));
    }

    private const string TwoDataports = "dataport Buf(8192) d; dataport Buf(4096) e;";

    private const string PeerConnections = "  component Peer peer;\n  connection seL4SharedDataWithCaps cd(from peer.d, to vm0.d);\n  connection seL4SharedDataWithCaps ce(from peer.e, to vm0.e);\n";

    [Fact]
    public void Cross_vm_dataports_are_ordered_by_id()
    {
        var guest = Assert.Single(Read(Spec(Boot + "vm0.d_id = 2; vm0.e_id = 1; vm0.d_size = 8192; vm0.e_size = 4096;\n", TwoDataports, PeerConnections)).Guests);
        Assert.Equal([new("e", 1, 4096, "ce", "seL4SharedDataWithCaps"), new CrossVmDataport("d", 2, 8192, "cd", "seL4SharedDataWithCaps")], guest.Dataports);
    }

    [Fact]
    public void Connected_dataport_needs_an_id()
    {
        AssertError(Spec(Boot + "vm0.d_id = 1; vm0.d_size = 8192; vm0.e_size = 4096;\n", TwoDataports, PeerConnections).Replace("  VM_PER_VM_COMP_DEF(0)", "  @@VM_PER_VM_COMP_DEF(0)"),
            "vm0.e_id is not set, but the VMM needs the id of each connected cross-VM dataport; add 'vm0.e_id = 1;' to the configuration");
    }

    [Fact]
    public void Connected_dataport_needs_a_size()
    {
        AssertError(Spec(Boot + "vm0.d_id = 1; vm0.e_id = 2; vm0.d_size = 8192;\n", TwoDataports, PeerConnections).Replace("  VM_PER_VM_COMP_DEF(0)", "  @@VM_PER_VM_COMP_DEF(0)"),
            "vm0.e_size is not set, but the VMM needs the size of each connected cross-VM dataport; add 'vm0.e_size = 4096;' to the configuration");
    }

    [Fact]
    public void Dataport_ids_must_be_contiguous_from_one()
    {
        AssertError(Spec(Boot + "vm0.d_id = 1; vm0.d_size = 8192; vm0.e_size = 4096;\n@@vm0.e_id = 3;\n", TwoDataports, PeerConnections),
            "vm0.e_id: dataport ids must be contiguous, starting from 1, but id 3 is in place 2");
    }

    [Fact]
    public void Dataport_size_must_match_its_type()
    {
        AssertError(Spec(Boot + "vm0.d_id = 1; vm0.e_id = 2;\n@@vm0.d_size = 4096;\n", TwoDataports, PeerConnections),
            "vm0.d_size: size 4096 differs from the 8192 bytes of the declared type Buf(8192)");
    }

    private const string ThreeEvents = "emits Ev a; emits Ev b; consumes Ev c;";

    private const string EventPeer = "  component Watcher w;\n  connection seL4Notification ca(from vm0.a, to w.a);\n"
        + "  connection seL4Notification cb(from vm0.b, to w.b);\n  connection seL4Notification cc(from w.c, to vm0.c);\n";

    private static string EventSpec(string settings, string events = ThreeEvents, string composition = EventPeer) =>
        Spec(Boot + settings, events, composition).Replace("assembly {", "component Watcher { consumes Ev a; consumes Ev b; emits Ev c; }\nassembly {", StringComparison.Ordinal);

    [Fact]
    public void Cross_vm_event_ids_follow_declaration_order_per_direction_unless_set()
    {
        var guest = Assert.Single(Read(EventSpec("")).Guests);
        Assert.Equal([new CrossVmEvent("a", 1, "Ev", "ca", "seL4Notification"), new("b", 2, "Ev", "cb", "seL4Notification")], guest.EmittedEvents);
        Assert.Equal(new CrossVmEvent("c", 1, "Ev", "cc", "seL4Notification"), Assert.Single(guest.ConsumedEvents));

        var swapped = Assert.Single(Read(EventSpec("vm0.a_id = 2; vm0.b_id = 1;\n")).Guests);
        Assert.Equal([("a", 2), ("b", 1)], swapped.EmittedEvents.Select(e => (e.Interface, e.Id)));
    }

    [Fact]
    public void Emitted_event_ids_must_be_contiguous_from_one()
    {
        AssertError(EventSpec("vm0.a_id = 1;\n@@vm0.b_id = 3;\n"),
            "vm0.b_id: emitted event ids must be contiguous, starting from 1, but id 3 is in place 2");
    }

    [Fact]
    public void Consumed_event_id_zero_is_rejected_at_its_setting()
    {
        AssertError(EventSpec("@@vm0.c_id = 0;\n"),
            "vm0.c_id: consumed event ids must be contiguous, starting from 1, but id 0 is in place 1");
    }

    [Fact]
    public void A_set_id_that_collides_with_a_derived_one_names_both()
    {
        AssertError(EventSpec("@@vm0.b_id = 1;\n"),
            "vm0.b_id: emitted event ids must be contiguous, starting from 1, but id 1 is in place 2 (vm0.a has id 1 too)");
    }

    [Fact]
    public void A_derived_id_out_of_place_points_at_the_event_declaration()
    {
        AssertError(EventSpec("vm0.a_id = 3;\n", "emits Ev a; emits Ev @@b; consumes Ev c;"),
            "vm0.b_id: emitted event ids must be contiguous, starting from 1, but id 2 is in place 1 (derived from its declaration order; set vm0.b_id)");
    }

    [Fact]
    public void Event_id_of_the_wrong_type_is_positioned()
    {
        AssertError(EventSpec("@@vm0.a_id = \"one\";\n"), "vm0.a_id must be an integer, but its value \"one\" is of type string");
    }

    [Fact]
    public void Two_guests_are_read_in_index_order()
    {
        var spec = "import <VM/vm.camkes>;\n#include <configurations/vm.h>\n"
            + "component Init0 { VM_INIT_DEF() }\ncomponent Init1 { VM_INIT_DEF() }\n"
            + "assembly { composition { VM_COMPOSITION_DEF() VM_PER_VM_COMP_DEF(1) VM_PER_VM_COMP_DEF(0) }\n"
            + " configuration { VM_CONFIGURATION_DEF() VM_PER_VM_CONFIG_DEF(0) VM_PER_VM_CONFIG_DEF(1)\n" + Boot + Boot.Replace("vm0", "vm1", StringComparison.Ordinal)
            + " vm1.guest_ram_mb = 512; } }\n";
        var result = AdlCompiler.CompileText(spec.Replace(Boot.Replace("vm0", "vm1", StringComparison.Ordinal), "vm1.kernel_cmdline = \"\"; vm1.kernel_image = \"k1\";\n", StringComparison.Ordinal), "g.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var guests = GuestConfigurationReader.Read(result.Assembly!);
        Assert.Equal([(0, "vm0", 256, "bzimage"), (1, "vm1", 512, "k1")], guests.Guests.Select(g => (g.Index, g.InstanceName, g.GuestRamMb, g.KernelImage)));
    }

    [Fact]
    public void Spec_without_guests_gets_a_warning_from_FromSpec()
    {
        var folder = Directory.CreateTempSubdirectory("camkes-guest-").FullName;
        try
        {
            var path = Path.Combine(folder, "plain.camkes");
            File.WriteAllText(path, "component A { control; }\nassembly { composition { component A a; } }\n");
            var guests = GuestConfigurationReader.FromSpec(path);
            Assert.True(guests.Succeeded);
            Assert.Empty(guests.Guests);
            Assert.Equal((2, 38), (guests.Diagnostics.Single().Location.Line, guests.Diagnostics.Single().Location.Column));
            Assert.StartsWith("the spec declares no guest", guests.Diagnostics.Single().Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FromSpec_passes_compile_errors_through()
    {
        var guests = GuestConfigurationReader.FromSpec(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "vm.camkes"));
        Assert.False(guests.Succeeded);
        Assert.Null(guests.Assembly);
        Assert.StartsWith("cannot read", guests.Diagnostics.Single().Message, StringComparison.Ordinal);
    }
}
