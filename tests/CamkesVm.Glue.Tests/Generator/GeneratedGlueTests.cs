using System.Reflection;
using CamkesVm.Cli.Apps;
using CamkesVm.Glue.Tests.Fakes;
using CamkesVm.Runtime.CGlue;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Glue.Tests.Generator;

/// <summary>The source generator's output compiled (in process, with the generator) and bound against a fake context.</summary>
public sealed class GeneratedGlueTests : TempFolderTest
{
    private const string PrintServerSource = """
        using System.Text;
        namespace App;
        [CamkesComponent("PrintServer")]
        public partial class PrintServer : NativeComponent
        {
            public override int Run()
            {
                while (true)
                {
                    DoPrint.Wait();
                    var text = Data[..Data.IndexOf((byte)0)];
                    Context.Out.WriteLine(Encoding.ASCII.GetString(text));
                    DonePrinting.Emit();
                }
            }
        }
        """;

    private const string CalculatorSources = """
        namespace App;
        [CamkesComponent("CalcServer")]
        public partial class CalcServer : NativeComponent
        {
            public partial int CalcAdd(int a, int b) => a + b;
            public partial void CalcDivide(uint n, uint d, out uint q, ref int calls) { q = n / d; calls++; }
            public partial string CalcGreet(string name) => "hello " + name;
        }
        [CamkesComponent("Client")]
        public partial class Client : NativeComponent
        {
            public string Result = "";
            public override int Run()
            {
                var calls = 0;
                Calc.Divide(17, 5, out var q, ref calls);
                Lock.Lock();
                Result = $"{Calc.Add(2, 3)} {q} {calls} {Calc.Greet("rpc")} {Sem.TryWait()}";
                Lock.Unlock();
                return 0;
            }
        }
        """;

    private Assembly Build(string source)
    {
        var spec = Specs.Compile();
        var file = Path.Combine(Temp, $"App{Guid.NewGuid():N}.cs");
        File.WriteAllText(file, source);
        var manifests = spec.Components.Where(c => c.Name is "PrintServer" or "Client" or "CalcServer")
            .Select(c => ($"{c.Name}{GlueManifestWriter.Extension}", GlueManifestWriter.Write(c, spec.Procedures))).ToList();
        return CSharpAppCompiler.Compile(Path.GetFileNameWithoutExtension(file), [file], manifests);
    }

    [Fact]
    public void GeneratedRunLoopPrintsEachWordAndEmitsDonePrinting()
    {
        var component = (NativeComponent)Activator.CreateInstance(Build(PrintServerSource).GetType("App.PrintServer")!)!;
        var context = FakeContexts.PrintServer();
        component.Attach(context);
        new Thread(() => component.Run()) { IsBackground = true }.Start();

        FakeContexts.Print(context, "hello", "world");

        Assert.Equal("hello\nworld\n", context.Output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void BindLooksUpExactlyTheSpecsInterfacesAndFailsOnAMissingOne()
    {
        var type = Build(PrintServerSource).GetType("App.PrintServer")!;
        var context = new FakeContext("print_server", "PrintServer");
        context.Events["do_print"] = new FakeEvent();
        context.Dataports["data"] = new FakeDataport(4096);
        var error = Assert.Throws<InvalidOperationException>(() => ((NativeComponent)Activator.CreateInstance(type)!).Attach(context));
        Assert.Contains("done_printing", error.Message);
    }

    [Fact]
    public void RpcRoundTripThroughTheProvidedImplementation()
    {
        var assembly = Build(CalculatorSources);
        var server = (NativeComponent)Activator.CreateInstance(assembly.GetType("App.CalcServer")!)!;
        var serverContext = new FakeContext("calc_server", "CalcServer");
        server.Attach(serverContext);
        var provided = serverContext.Provided["calc"];
        Assert.Equal("ICalculator", provided.GetType().GetInterfaces().Single().Name);

        var client = (NativeComponent)Activator.CreateInstance(assembly.GetType("App.Client")!)!;
        var clientContext = FakeContexts.Client(semaphore: 1, provided);
        client.Attach(clientContext);

        Assert.Equal(0, client.Run());
        Assert.Equal("5 3 1 hello rpc True", (string)client.GetType().GetField("Result")!.GetValue(client)!);
        Assert.Equal(1, clientContext.Mutexes["lock"].Locks);
        Assert.Equal(0, clientContext.Semaphores["sem"].Count);
    }

    [Fact]
    public void ClassNamingATypeTheSpecLacksIsADiagnostic()
    {
        var error = Assert.Throws<AppCodeException>(() => Build(PrintServerSource.Replace("\"PrintServer\"", "\"PrintSrv\"")));
        Assert.Contains("CAMKES001", error.Message);
        Assert.Contains("'PrintSrv'", error.Message);
        Assert.Contains("PrintServer", error.Message);
        Assert.Contains(".cs(4,", error.Message);
    }

    [Fact]
    public void NonPartialClassIsADiagnostic()
    {
        var error = Assert.Throws<AppCodeException>(() => Build(PrintServerSource.Replace("public partial class", "public class")));
        Assert.Contains("CAMKES002", error.Message);
    }

    [Fact]
    public void MissingProvidedMethodIsACompileError()
    {
        var error = Assert.Throws<AppCodeException>(() => Build(CalculatorSources.Replace("public partial string CalcGreet(string name) => \"hello \" + name;", "")));
        Assert.Contains("CalcGreet", error.Message);
    }

    [Fact]
    public void AStructParameterIsReportedWithTheProcedureAndMethod()
    {
        var spec = Specs.Compile(Specs.PrintServerTypes.Replace("string greet(in string name);", "void put(in Point p);") + Specs.Assembly);
        var file = Path.Combine(Temp, "Calc.cs");
        File.WriteAllText(file, CalculatorSources.Replace("public partial string CalcGreet(string name) => \"hello \" + name;", ""));
        var manifests = spec.Components.Select(c => ($"{c.Name}{GlueManifestWriter.Extension}", GlueManifestWriter.Write(c, spec.Procedures))).ToList();
        var error = Assert.Throws<AppCodeException>(() => CSharpAppCompiler.Emit("StructParam", [file], manifests));
        Assert.Contains("CAMKES004", error.Message);
        Assert.Contains("Procedure 'Calculator' method 'put' uses type 'Point'", error.Message);
    }
}
