using CamkesVm.Adl;
using CamkesVm.Adl.Model;

namespace CamkesVm.Glue.Tests;

/// <summary>Specs compiled with the real ADL compiler; the print server is the seed's "Cross VM Connectors" component.</summary>
public static class Specs
{
    public const string PrintServerTypes = """
        import <std_connector.camkes>;
        procedure Calculator {
            int add(in int a, in int b);
            void divide(in unsigned int n, in unsigned int d, out unsigned int q, inout int calls);
            string greet(in string name);
        };
        component PrintServer {
          control;
          dataport Buf(4096) data;
          consumes DoPrint do_print;
          emits DonePrinting done_printing;
        }
        component Client {
          control;
          dataport Buf(4096) data;
          emits DoPrint do_print;
          consumes DonePrinting done_printing;
          has mutex lock;
          has semaphore sem;
          uses Calculator calc;
        }
        component CalcServer {
          provides Calculator calc;
        }
        """;

    public const string Assembly = """
        assembly {
          composition {
            component PrintServer print_server;
            component Client client;
            component CalcServer calc_server;
            connection seL4Notification conn_do_print(from client.do_print, to print_server.do_print);
            connection seL4Notification conn_done(from print_server.done_printing, to client.done_printing);
            connection seL4SharedData conn_data(from print_server.data, to client.data);
            connection seL4RPCCall conn_calc(from client.calc, to calc_server.calc);
          }
        }
        """;

    public static CompilationResult Compile(string text = PrintServerTypes + Assembly)
    {
        var result = AdlCompiler.CompileText(text, "test.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result;
    }

    public static ComponentType Type(this CompilationResult result, string name) => result.Components.Single(c => c.Name == name);
}
