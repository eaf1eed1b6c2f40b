using CamkesVm.Adl.Model;

namespace CamkesVm.Adl.Tests.Library;

/// <summary>
/// The built-in library: connectors with the sides the ADL notes (§2.6) give them, and the VM_* macros of
/// configurations/vm.h with the interfaces, attributes and settings reference §4 lists.
/// </summary>
public sealed class BuiltinLibraryTests
{
    private const string Devices = """
        import <std_connector.camkes>;
        import <global-connectors.camkes>;
        procedure P { void f(); }
        component Drv { control; uses P p; dataport Buf mmio; consumes Irq irq; uses IOPort port; emits E e; dataport Buf shared; }
        component Dev { hardware; dataport Buf mmio; emits Irq irq; provides IOPort port; }
        component Peer { provides P p; consumes E e; dataport Buf shared; }
        assembly {
          composition {
            component Drv d; component Dev h; component Peer q;
            connection seL4RPCCall rpc(from d.p, to q.p);
            connection seL4Notification n(from d.e, to q.e);
            connection seL4SharedDataWithCaps s(from q.shared, to d.shared);
            connection seL4HardwareMMIO m(from d.mmio, to h.mmio);
            connection seL4HardwareInterrupt i(from h.irq, to d.irq);
            connection seL4HardwareIOPort io(from d.port, to h.port);
          }
          configuration { h.mmio_paddr = 0xc0000000; h.mmio_size = 0x1000; h.irq_irq_number = 5; h.port_attributes = "0x60:0x64"; }
        }
        """;

    [Theory]
    [InlineData("rpc", "seL4RPCCall", ConnectorEndKind.Procedure, true, 0L, false, ConnectorEndKind.Procedure, false, 1L, false)]
    [InlineData("n", "seL4Notification", ConnectorEndKind.Event, false, 0L, false, ConnectorEndKind.Event, true, 1L, false)]
    [InlineData("s", "seL4SharedDataWithCaps", ConnectorEndKind.Dataport, true, 0L, false, ConnectorEndKind.Dataport, true, 0L, false)]
    [InlineData("m", "seL4HardwareMMIO", ConnectorEndKind.Dataport, true, 0L, false, ConnectorEndKind.Dataport, false, 0L, true)]
    [InlineData("i", "seL4HardwareInterrupt", ConnectorEndKind.Event, false, 0L, true, ConnectorEndKind.Event, false, 1L, false)]
    [InlineData("io", "seL4HardwareIOPort", ConnectorEndKind.Procedure, false, 0L, false, ConnectorEndKind.Procedure, false, 0L, true)]
    public void Connector_has_the_documented_sides(string connection, string connector,
        ConnectorEndKind fromKind, bool fromMany, long fromThreads, bool fromHardware, ConnectorEndKind toKind, bool toMany, long toThreads, bool toHardware)
    {
        var result = AdlCompiler.CompileText(Devices, "devices.camkes");
        Assert.True(result.Succeeded && result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        var type = result.Assembly!.Connections.Single(c => c.Name == connection).Connector;
        Assert.Equal(connector, type.Name);
        Assert.Equal(new ConnectorSide(fromKind, fromMany, fromThreads, fromHardware), type.From);
        Assert.Equal(new ConnectorSide(toKind, toMany, toThreads, toHardware), type.To);
    }

    [Fact]
    public void Hardware_connector_to_a_software_component_is_rejected()
    {
        var spec = Devices.Replace("connection seL4HardwareMMIO m(from d.mmio, to h.mmio);", "connection seL4HardwareMMIO m(from d.mmio, to q.shared);", StringComparison.Ordinal)
            .Replace("connection seL4SharedDataWithCaps s(from q.shared, to d.shared);", "", StringComparison.Ordinal);
        var error = AdlCompiler.CompileText(spec, "devices.camkes").FirstError!;
        Assert.Contains("intended for connecting to hardware devices, but end q.shared refers to a software component", error.Message, StringComparison.Ordinal);
    }

    private const string OneGuest = """
        import <VM/vm.camkes>;
        #include <configurations/vm.h>
        component Init0 { VM_INIT_DEF() }
        assembly {
          composition { VM_COMPOSITION_DEF() VM_PER_VM_COMP_DEF(0) }
          configuration { VM_CONFIGURATION_DEF() VM_PER_VM_CONFIG_DEF(0)
            vm0.guest_ram_mb = 64; vm0.kernel_cmdline = ""; vm0.kernel_image = "k"; }
        }
        """;

    [Fact]
    public void VM_INIT_DEF_declares_the_VMM_interfaces_and_attributes()
    {
        var result = AdlCompiler.CompileText(OneGuest, "vm.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var init0 = result.Assembly!.FindInstance("vm0")!.Component;
        Assert.True(init0.Control);
        Assert.Equal(
            ["uses PutChar putchar", "uses PutChar guest_putchar", "uses PCIConfig pci_config", "uses RTC system_rtc", "uses Timer init_timer",
             "uses FileServerInterface fs", "uses GetChar serial_getchar", "consumes HaveInterrupt intready", "emits HaveInterrupt intready_connector"],
            init0.Interfaces.Select(i => $"{i.Kind.ToString().ToLowerInvariant()} {i.TypeName} {i.Name}"));
        Assert.Equal(
            ["string kernel_cmdline", "string kernel_image", "string kernel_relocs", "string initrd_image", "int iospace_domain", "int guest_ram_mb",
             "int cnode_size_bits", "vswitch_mapping vswitch_layout[]", "string vswitch_mac_address", "serial_layout[]", "socket_layout[]", "int guest_cid"],
            init0.Attributes.Select(a => a.Name.EndsWith("_layout", StringComparison.Ordinal) && a.Struct?.Name != "vswitch_mapping" ? a.Name + "[]" : $"{a.TypeName} {a.Name}{(a.IsArray ? "[]" : "")}"));
        Assert.Equal(new IntValue(21), result.Assembly.GetValue("vm0", "cnode_size_bits"));
    }

    [Fact]
    public void VM_macros_instantiate_and_configure_the_system_components()
    {
        var assembly = AdlCompiler.CompileText(OneGuest, "vm.camkes").Assembly!;
        Assert.Equal(["fserv", "serial", "pci_config", "time_server", "rtc", "vm0", "vm0_config"], assembly.Instances.Select(i => i.Name));
        Assert.Contains(assembly.Connections, c => c.Name == "pit0_timer.serialserver_timer");
        Assert.Contains(assembly.Connections, c => c.Name == "serial_pci_config.serial_rtc.serial_time_server.serial_vm0");
        Assert.Equal(
            [("fserv", "heap_size", (AdlValue)new IntValue(0x30000)), ("time_server", "timers_per_client", new IntValue(12)), ("time_server", "priority", new IntValue(255)),
             ("time_server", "simple", new IntValue(1)), ("serial", "serial_irq_priority", new IntValue(200)),
             ("vm0", "fs_shmem_size", new IntValue(0x1000)), ("vm0", "serial_getchar_attributes", new StringValue("0")),
             ("vm0", "serial_getchar_shmem_size", new IntValue(0x1000)), ("vm0", "simple", new IntValue(1)), ("vm0", "asid_pool", new IntValue(1)),
             ("vm0", "global_endpoint_mask", new IntValue(536739841)), ("vm0", "global_endpoint_base", new IntValue(1 << 27))],
            new[] { ("fserv", "heap_size"), ("time_server", "timers_per_client"), ("time_server", "priority"), ("time_server", "simple"), ("serial", "serial_irq_priority"),
                ("vm0", "fs_shmem_size"), ("vm0", "serial_getchar_attributes"), ("vm0", "serial_getchar_shmem_size"), ("vm0", "simple"), ("vm0", "asid_pool"),
                ("vm0", "global_endpoint_mask"), ("vm0", "global_endpoint_base") }.Select(k => (k.Item1, k.Item2, assembly.GetValue(k.Item1, k.Item2)!)));
    }
}
