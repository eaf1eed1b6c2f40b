using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Vm;

namespace CamkesVm.Runtime.Tests.Support;

/// <summary>The seed's cross-VM print server spec (Init0 with a dataport, an emitted and two consumed events) around a tiny guest.</summary>
internal static class VmAssembly
{
    public const string Spec = """
        import <VM/vm.camkes>;
        #include <configurations/vm.h>
        component Init0 {
          VM_INIT_DEF()
          dataport Buf(4096) data;
          emits DoPrint do_print;
          consumes DonePrinting done_printing;
          consumes Extra extra;
          has mutex cross_vm_event_mutex;
        }
        component PrintServer {
          control;
          dataport Buf(4096) data;
          consumes DoPrint do_print;
          emits DonePrinting done_printing;
          emits Extra extra;
        }
        assembly {
          composition {
            VM_COMPOSITION_DEF()
            VM_PER_VM_COMP_DEF(0)
            component PrintServer print_server;
            connection seL4Notification conn_do_print(from vm0.do_print, to print_server.do_print);
            connection seL4Notification conn_done_printing(from print_server.done_printing, to vm0.done_printing);
            connection seL4Notification conn_extra(from print_server.extra, to vm0.extra);
            connection seL4SharedDataWithCaps conn_data(from print_server.data, to vm0.data);
          }
          configuration {
            VM_CONFIGURATION_DEF()
            VM_PER_VM_CONFIG_DEF(0)
            vm0.guest_ram_mb = 16;
            vm0.kernel_cmdline = "";
            vm0.kernel_image = "tiny";
            vm0.data_id = 1;
            vm0.data_size = 4096;
          }
        }
        """;

    /// <summary>Options that boot <paramref name="guest"/> as vm0 with <paramref name="printServer"/> as the native end.</summary>
    public static RuntimeOptions Options(Action<TinyGuest> guest, Func<NativeComponent> printServer, List<string> log,
                                         params IVmExtension[] extensions)
    {
        var assembly = TestAssembly.Compile(Spec);
        var kernel = TinyGuest.Build(guest);
        return new RuntimeOptions
        {
            Assembly = assembly,
            Guests = TestAssembly.Guests(assembly).Guests,
            Providers = [new Single(printServer)],
            Extensions = extensions,
            Images = _ => new GuestImage(kernel, null, ""),
            ComponentOut = TextWriter.Null,
            Log = m => { lock (log) log.Add(m); },
        };
    }

    private sealed class Single(Func<NativeComponent> make) : IComponentProvider
    {
        public NativeComponent? Create(string typeName) => typeName == "PrintServer" ? make() : null;
    }
}
