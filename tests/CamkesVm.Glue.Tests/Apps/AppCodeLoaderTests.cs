using CamkesVm.Adl;
using CamkesVm.Cli.Apps;
using CamkesVm.Glue.Tests.Fakes;
using CamkesVm.Runtime.CGlue;
using CamkesVm.Runtime.Components;
using Xunit.Abstractions;

namespace CamkesVm.Glue.Tests.Apps;

/// <summary>The loader on a temporary app folder laid out as the README describes.</summary>
public sealed class AppCodeLoaderTests(ITestOutputHelper output) : TempFolderTest
{
    private const string ClientSource = """
        namespace App;
        [CamkesComponent("Client")]
        public partial class Client : NativeComponent
        {
            public override int Run() => Calc.Add(40, 2);
        }
        """;

    private const string CalcSource = """
        namespace App;
        [CamkesComponent("CalcServer")]
        public partial class CalcServer : NativeComponent
        {
            public partial int CalcAdd(int a, int b) => a + b;
            public partial void CalcDivide(uint n, uint d, out uint q, ref int calls) { q = n / d; calls++; }
            public partial string CalcGreet(string name) => name;
        }
        """;

    private const string PokeSource = """
        namespace App.Vmm;
        public sealed class Poke : IVmExtension
        {
            public void Configure(IVmContext vm) => vm.RegisterHypercall(4, _ => { vm.Out.WriteLine("POKE!!!"); return 0; });
        }
        """;

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Temp, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private CompilationResult Spec()
    {
        Write("app.camkes", Specs.PrintServerTypes + Specs.Assembly);
        var result = AdlCompiler.CompileFile(Path.Combine(Temp, "app.camkes"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result;
    }

    private void WriteCSharpComponents()
    {
        Write("components/Client/Client.cs", ClientSource);
        Write("components/CalcServer/CalcServer.cs", CalcSource);
    }

    private static NativeComponent Create(AppCode code, string type) =>
        code.Providers.Select(p => p.Create(type)).FirstOrDefault(c => c is not null) ?? throw new Xunit.Sdk.XunitException($"no provider for {type}");

    [Fact]
    public void FindsCSharpComponentsTheSeedsMakefileCFilesAndVmExtensions()
    {
        WriteCSharpComponents();
        Write("vmm/Poke.cs", PokeSource);
        File.Copy(Glue.Tests.CGlue.PrintServerCTests.SeedPrintServer, Path.Combine(Temp, "print_server.c"));
        Write("Makefile", "Init0_CFILES += $(wildcard $(SOURCE_DIR)/cross_vm.c) \\\n    $(wildcard $(SOURCE_DIR)/common/src/*.c)\n\nPrintServer_CFILES += $(SOURCE_DIR)/print_server.c\n");

        var code = AppCodeLoader.Load(Temp, Spec());
        code.Notes.ToList().ForEach(output.WriteLine);

        Assert.Contains(code.Notes, n => n.StartsWith("ignored C files of Init0", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Temp, "build", ".gitignore")));
        Assert.IsType<CComponent>(Create(code, "PrintServer"));
        Assert.Equal("App.Client", Create(code, "Client").GetType().FullName);
        Assert.Single(code.Extensions);
        Assert.Equal("App.Vmm.Poke", code.Extensions[0].GetType().FullName);
        Assert.True(File.Exists(Path.Combine(Temp, "build", "glue", "PrintServer.camkes-glue")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Temp, "build", "c", "PrintServer"), "*.so"));

        var server = Create(code, "CalcServer");
        var serverContext = new FakeContext("calc_server", "CalcServer");
        server.Attach(serverContext);
        var client = Create(code, "Client");
        var clientContext = FakeContexts.Client(semaphore: 0, serverContext.Provided["calc"]);
        client.Attach(clientContext);
        Assert.Equal(42, client.Run());
    }

    private const string ClientC = """
        #include <camkes.h>
        #include <stdio.h>
        #include <string.h>

        int run(void) {
            unsigned int q = 0;
            int calls = 1;
            calc_divide(45, 7, &q, &calls);
            char *greeting = calc_greet("hi");
            printf("%d %u %d %s\n", calc_add(40, 2), q, calls, greeting);
            free(greeting);
            return 0;
        }
        """;

    [Fact]
    public void ACClientCallsTheGeneratedCSharpServerThroughTheRuntime()
    {
        Write("components/CalcServer/CalcServer.cs", CalcSource);
        Write("components/Client/client.c", ClientC);
        Write("components/PrintServer/print_server.c", File.ReadAllText(Glue.Tests.CGlue.PrintServerCTests.SeedPrintServer));
        var spec = Spec();
        var code = AppCodeLoader.Load(Temp, spec);
        var output = new StringWriter();
        using var runtime = new Runtime.AssemblyRuntime(new Runtime.RuntimeOptions
        {
            Assembly = spec.Assembly!, Providers = code.Providers, ComponentOut = TextWriter.Synchronized(output), JoinTimeout = TimeSpan.FromSeconds(5),
        });

        runtime.Start();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!output.ToString().Contains('\n') && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
        Assert.Equal("42 6 2 hi\n", output.ToString());
    }

    [Fact]
    public void UnchangedCSharpIsLoadedFromTheBuildCacheAndAChangeRecompiles()
    {
        WriteCSharpComponents();
        Write("components/PrintServer/print_server.c", File.ReadAllText(Glue.Tests.CGlue.PrintServerCTests.SeedPrintServer));
        var spec = Spec();
        var first = Create(AppCodeLoader.Load(Temp, spec), "Client").GetType().Assembly;
        var again = Create(AppCodeLoader.Load(Temp, spec), "Client").GetType().Assembly;
        Assert.Same(first, again);
        Write("components/Client/Client.cs", ClientSource.Replace("Calc.Add(40, 2)", "Calc.Add(1, 2)"));
        var changed = Create(AppCodeLoader.Load(Temp, spec), "Client").GetType().Assembly;
        Assert.NotEqual(first.GetName().Name, changed.GetName().Name);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Temp, "build", "cs"), "*.dll").Length);
    }

    [Fact]
    public void CFilesInTheComponentsFolderImplementTheirType()
    {
        WriteCSharpComponents();
        Write("components/PrintServer/print_server.c", File.ReadAllText(Glue.Tests.CGlue.PrintServerCTests.SeedPrintServer));

        var code = AppCodeLoader.Load(Temp, Spec());

        var component = Create(code, "PrintServer");
        var context = FakeContexts.PrintServer();
        component.Attach(context);
        new Thread(() => component.Run()) { IsBackground = true }.Start();
        FakeContexts.Print(context, "hello");
        Assert.Equal("hello\n", context.Output.ToString());
    }

    [Fact]
    public void ATypeWithNoImplementationIsNamed()
    {
        WriteCSharpComponents();
        var error = Assert.Throws<AppCodeException>(() => AppCodeLoader.Load(Temp, Spec()));
        Assert.Contains("component type PrintServer (instance print_server", error.Message);
        Assert.Contains("has no implementation", error.Message);
        Assert.DoesNotContain("Client", error.Message);
    }

    [Fact]
    public void ACSharpCompileErrorShowsTheFileAndTheCompilersMessage()
    {
        WriteCSharpComponents();
        Write("components/PrintServer/PrintServer.cs", "namespace App;\n[CamkesComponent(\"PrintServer\")]\npublic partial class PrintServer : NativeComponent\n{\n    public override int Run() { DoPrint.Wiat(); return 0; }\n}\n");
        var error = Assert.Throws<AppCodeException>(() => AppCodeLoader.Load(Temp, Spec()));
        Assert.Contains(Path.Combine("components", "PrintServer", "PrintServer.cs") + "(5,", error.Message);
        Assert.Contains("Wiat", error.Message);
    }

    [Fact]
    public void AMissingMakefileCFileIsNamed()
    {
        WriteCSharpComponents();
        Write("Makefile", "PrintServer_CFILES += $(SOURCE_DIR)/print_srv.c\n");
        var error = Assert.Throws<AppCodeException>(() => AppCodeLoader.Load(Temp, Spec()));
        Assert.Contains("print_srv.c does not exist", error.Message);
    }

    [Fact]
    public void ATypeImplementedInBothCSharpAndCIsAnError()
    {
        WriteCSharpComponents();
        Write("components/PrintServer/PrintServer.cs", "namespace App;\n[CamkesComponent(\"PrintServer\")]\npublic partial class PrintServer : NativeComponent { }\n");
        Write("components/PrintServer/print_server.c", File.ReadAllText(Glue.Tests.CGlue.PrintServerCTests.SeedPrintServer));
        var error = Assert.Throws<AppCodeException>(() => AppCodeLoader.Load(Temp, Spec()));
        Assert.Contains("PrintServer is implemented twice", error.Message);
    }
}

/// <summary>
/// The repository's own app: library components (FileServer, SerialServer, …) are the runtime's; the app brings the
/// seed's print_server.c (listed in its Makefile) and the poke handler (vmm/PokeHandler.cs).
/// </summary>
public sealed class ShippedAppTests : TempFolderTest
{
    [Fact]
    public void TheShippedAppBringsThePrintServerInCAndThePokeHandler()
    {
        var repoApp = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../apps/cma34cr_minimal"));
        foreach (var file in Directory.EnumerateFiles(repoApp, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/build/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(Temp, "cma34cr_minimal", Path.GetRelativePath(repoApp, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var app = Path.Combine(Temp, "cma34cr_minimal");
        var spec = AdlCompiler.CompileFile(Path.Combine(app, "vm.camkes"));
        Assert.True(spec.Succeeded, string.Join("\n", spec.Diagnostics));
        Assert.Contains(spec.Assembly!.Instances, i => i.Component.Name == "FileServer");

        var code = AppCodeLoader.Load(app, spec);

        var c = Assert.Single(code.Providers.OfType<CComponentProvider>());
        Assert.Equal(new[] { "PrintServer" }, c.TypeNames);
        Assert.Equal("PokeHandler", Assert.Single(code.Extensions).GetType().Name);
    }
}
