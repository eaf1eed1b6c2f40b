using CamkesVm.Adl;
using CamkesVm.Glue.Tests.Fakes;
using CamkesVm.Runtime;
using CamkesVm.Runtime.CGlue;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Glue.Tests.CGlue;

/// <summary>The procedure <c>Arith</c> as the glue generator types it (the spec's names in PascalCase, <c>char</c> as byte).</summary>
public interface IArith
{
    int Add(int a, int b);
    void Divide(uint n, uint d, out uint q, ref int calls);
    string Greet(string name, out string echo, ref string note);
    long Widen(sbyte a, byte b, short c, ushort d, ulong e, bool f, byte g);
    int Busy(int ms);
}

/// <summary>
/// Procedures of C components over seL4RPCCall, through the real runtime and wiring: C client → C# server,
/// C# client → C server and C → C, with in/out/inout scalars and strings, returns, the camkes.h prototypes of
/// reference camkes_adl.md §5.1, serving one call at a time, and the errors.
/// </summary>
public sealed class CProcedureTests : TempFolderTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string Types = """
        import <std_connector.camkes>;
        procedure Arith {
            int add(in int a, in int b);
            void divide(in unsigned int n, in unsigned int d, out unsigned int q, inout int calls);
            string greet(in string name, out string echo, inout string note);
            int64_t widen(in int8_t a, in uint8_t b, in int16_t c, in uint16_t d, in uint64_t e, in bool f, in char g);
            int busy(in int ms);
        };
        component Client { control; uses Arith arith; }
        component Server { provides Arith arith; }
        """;

    private const string Assembly = """
        assembly { composition {
          component Client client; component Server server;
          connection seL4RPCCall rpc(from client.arith, to server.arith);
        } }
        """;

    /// <summary>Two clients of one server, for the one-call-at-a-time test.</summary>
    private const string TwoClients = """
        assembly { composition {
          component Client c1; component Client c2; component Server server;
          connection seL4RPCCall rpc(from c1.arith, from c2.arith, to server.arith);
        } }
        """;

    private const string ClientC = """
        #include <camkes.h>
        #include <stdio.h>
        #include <string.h>

        int run(void) {
            printf("add=%d\n", arith_add(40, 2));
            unsigned int q = 0;
            int calls = 5;
            arith_divide(17, 5, &q, &calls);
            printf("q=%u calls=%d\n", q, calls);
            char *echo = NULL;
            char *note = strdup("note");
            char *r = arith_greet("w\xc3\xb6rld", &echo, &note);
            printf("greet=%s echo=%s note=%s\n", r, echo, note);
            free(r);
            free(echo);
            free(note);
            printf("widen=%lld\n", (long long)arith_widen(-1, 255, -300, 65535, 1ULL << 40, true, 'A'));
            return 7;
        }
        """;

    private const string ServerC = """
        #include <camkes.h>
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>

        static int inits, inside, most;

        void arith__init(void) { inits++; }
        void post_init(void) { printf("inits=%d\n", inits); }

        int arith_add(int a, int b) { return a * 100 + b; }
        void arith_divide(unsigned int n, unsigned int d, unsigned int *q, int *calls) { *q = n / d; *calls += 1; }
        char *arith_greet(const char *name, char **echo, char **note) {
            *echo = strdup(name);
            size_t length = strlen(*note);
            char *grown = malloc(length + 6);
            memcpy(grown, *note, length);
            memcpy(grown + length, "+seen", 6);
            free(*note);
            *note = grown;
            char *result = malloc(strlen(name) + 7);
            sprintf(result, "hello %s", name);
            return result;
        }
        int64_t arith_widen(int8_t a, uint8_t b, int16_t c, uint16_t d, uint64_t e, bool f, char g) {
            return a + b + c + d + (int64_t)e + f + g;
        }
        int arith_busy(int ms) {
            int now = __atomic_add_fetch(&inside, 1, __ATOMIC_SEQ_CST);
            if (now > most) most = now;
            usleep(ms * 1000);
            __atomic_sub_fetch(&inside, 1, __ATOMIC_SEQ_CST);
            return most;
        }
        """;

    /// <summary>What a C# server saw; it answers as the C server does, so both directions expect the same values.</summary>
    private sealed class SharpArith : IArith
    {
        public List<string> Seen { get; } = [];

        public int Add(int a, int b) => a * 100 + b;

        public void Divide(uint n, uint d, out uint q, ref int calls)
        {
            Seen.Add($"divide {n} {d} {calls}");
            q = n / d;
            calls++;
        }

        public string Greet(string name, out string echo, ref string note)
        {
            Seen.Add($"greet {name} {note}");
            echo = name;
            note += "+seen";
            return "hello " + name;
        }

        public long Widen(sbyte a, byte b, short c, ushort d, ulong e, bool f, byte g)
        {
            Seen.Add($"widen {a} {b} {c} {d} {e} {f} {g}");
            return a + b + c + d + (long)e + (f ? 1 : 0) + g;
        }

        public int Busy(int ms) => throw new ArgumentException("not served here");
    }

    private sealed class SharpComponent(Action<IComponentContext> bind) : NativeComponent
    {
        protected override void Bind(IComponentContext context) => bind(context);
    }

    private sealed class Factory(params (string Type, Func<NativeComponent> Make)[] types) : IComponentProvider
    {
        public NativeComponent? Create(string typeName) => types.FirstOrDefault(t => t.Type == typeName).Make?.Invoke();
    }

    private readonly StringWriter _output = new();

    private AssemblyRuntime Runtime(string assembly, params IComponentProvider[] providers)
    {
        var result = AdlCompiler.CompileText(Types + assembly, "arith.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return new AssemblyRuntime(new RuntimeOptions
        {
            Assembly = result.Assembly!,
            Providers = providers,
            ComponentOut = TextWriter.Synchronized(_output),
            JoinTimeout = TimeSpan.FromSeconds(5),
        });
    }

    private CComponentProvider C(params (string Type, string Source)[] components)
    {
        var result = AdlCompiler.CompileText(Types + Assembly, "arith.camkes");
        var libraries = new Dictionary<string, (CGlueLayout, string)>();
        foreach (var (type, source) in components)
        {
            var file = Path.Combine(Temp, type + ".c");
            File.WriteAllText(file, source);
            var layout = new CGlueLayout(result.Type(type), result.Procedures);
            libraries[type] = (layout, CGlueBuilder.Build(layout, [file], Temp));
        }
        return new CComponentProvider(libraries);
    }

    private static AssemblyExit RunToEnd(AssemblyRuntime runtime)
    {
        runtime.Start();
        return runtime.Wait(Timeout) ?? throw new Xunit.Sdk.XunitException("the assembly did not end within the timeout");
    }

    private const string Expected = "add=4002\nq=3 calls=6\ngreet=hello w\u00f6rld echo=w\u00f6rld note=note+seen\nwiden=1099511693331\n";

    [Fact]
    public void CClientCallsACSharpServer()
    {
        var server = new SharpArith();
        using var runtime = Runtime(Assembly, C(("Client", ClientC)),
            new Factory(("Server", () => new SharpComponent(c => c.Provides<IArith>("arith", server)))));

        var exit = RunToEnd(runtime);

        Assert.Equal(Expected, _output.ToString());
        Assert.Equal(["divide 17 5 5", "greet w\u00f6rld note", $"widen -1 255 -300 65535 {1UL << 40} True 65"], server.Seen);
        Assert.Equal(7, exit.Status);
    }

    [Fact]
    public void CSharpClientCallsACServer()
    {
        IArith? client = null;
        using var runtime = Runtime(Assembly, C(("Server", ServerC)),
            new Factory(("Client", () => new SharpComponent(c => client = c.Uses<IArith>("arith")))));
        runtime.Start();

        Assert.Equal(4002, client!.Add(40, 2));
        var calls = 5;
        client.Divide(17, 5, out var q, ref calls);
        Assert.Equal((3u, 6), (q, calls));
        var note = "note";
        Assert.Equal("hello w\u00f6rld", client.Greet("w\u00f6rld", out var echo, ref note));
        Assert.Equal(("w\u00f6rld", "note+seen"), (echo, note));
        Assert.Equal(1099511693331L, client.Widen(-1, 255, -300, 65535, 1UL << 40, true, (byte)'A'));
        Assert.Equal("inits=1\n", _output.ToString());
    }

    [Fact]
    public void CClientCallsACServer()
    {
        using var runtime = Runtime(Assembly, C(("Client", ClientC), ("Server", ServerC)));

        Assert.Equal(7, RunToEnd(runtime).Status);
        Assert.Equal("inits=1\n" + Expected, _output.ToString());
    }

    [Fact]
    public async Task ACServerServesOneCallAtATime()
    {
        var clients = new List<IArith>();
        using var runtime = Runtime(TwoClients, C(("Server", ServerC)),
            new Factory(("Client", () => new SharpComponent(c => { lock (clients) clients.Add(c.Uses<IArith>("arith")); }))));
        runtime.Start();

        var calls = clients.SelectMany(c => Enumerable.Range(0, 4).Select(_ => Task.Run(() => c.Busy(5)))).ToArray();

        var most = await Task.WhenAll(calls).WaitAsync(Timeout);
        Assert.Equal(Enumerable.Repeat(1, 8), most);
    }

    [Fact]
    public void AFailingCalleeIsReportedAndTheCallingCThreadStops()
    {
        using var runtime = Runtime(Assembly, C(("Client", ClientC)),
            new Factory(("Server", () => new SharpComponent(c => c.Provides<IArith>("arith", new Refusing())))));
        runtime.Start();

        Assert.Null(runtime.Wait(TimeSpan.FromSeconds(1)));
        Assert.Equal("[client] C glue call failed: AppCodeException: arith_add() (procedure Arith) failed: ArgumentException: no; " +
            "the calling C thread stops here, as the call has no result to return\n", _output.ToString().Replace(Environment.NewLine, "\n"));
    }

    private sealed class Refusing : IArith
    {
        public int Add(int a, int b) => throw new ArgumentException("no");
        public void Divide(uint n, uint d, out uint q, ref int calls) => throw new ArgumentException("no");
        public string Greet(string name, out string echo, ref string note) => throw new ArgumentException("no");
        public long Widen(sbyte a, byte b, short c, ushort d, ulong e, bool f, byte g) => throw new ArgumentException("no");
        public int Busy(int ms) => throw new ArgumentException("no");
    }

    [Fact]
    public void TheHeaderDeclaresTheOriginalsPrototypes()
    {
        var result = AdlCompiler.CompileText(Types + Assembly, "arith.camkes");
        var header = CamkesHeaderWriter.Write(new CGlueLayout(result.Type("Server"), result.Procedures));

        Assert.Contains("int arith_add(int a, int b);\n", header);
        Assert.Contains("void arith_divide(unsigned int n, unsigned int d, unsigned int *q, int *calls);\n", header);
        Assert.Contains("char *arith_greet(const char *name, char **echo, char **note);\n", header);
        Assert.Contains("int64_t arith_widen(int8_t a, uint8_t b, int16_t c, uint16_t d, uint64_t e, bool f, char g);\n", header);
        Assert.Contains("void arith__init(void) WEAK;\n", header);
    }

    [Theory]
    [InlineData("int sum(in int xs[]);", "method sum: parameter 'xs' has type int[]")]
    [InlineData("void put(in size_t n);", "method put: parameter 'n' has type size_t")]
    [InlineData("seL4_Word get(void);", "method get: the return value has type seL4_Word")]
    public void AnUnsupportedTypeNamesTheProcedureMethodAndType(string method, string expected)
    {
        var result = AdlCompiler.CompileText($"procedure Odd {{ {method} }};\ncomponent S {{ provides Odd odd; }}\n" +
            "assembly { composition { component S s; } }", "odd.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));

        var error = Assert.Throws<AppCodeException>(() => new CGlueLayout(result.Type("S"), result.Procedures));

        Assert.StartsWith("component type S: procedure Odd (odd.camkes:1:", error.Message);
        Assert.Contains(expected + ", which C components do not support", error.Message);
    }
}
