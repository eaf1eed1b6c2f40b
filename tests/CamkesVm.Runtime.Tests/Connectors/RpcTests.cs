using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Tests.Support;

namespace CamkesVm.Runtime.Tests.Connectors;

/// <summary>The caller side of an RPC interface in the tests.</summary>
public interface IAdder
{
    /// <summary>The sum.</summary>
    int Add(int a, int b);
}

/// <summary>seL4RPCCall: calls block until the callee returns, and a provided interface serves one call at a time.</summary>
public sealed class RpcTests
{
    private const string Spec = """
        import <std_connector.camkes>;
        procedure Adder { int add(in int a, in int b); };
        component Client { uses Adder adder; }
        component Server { provides Adder adder; }
        assembly { composition {
          component Client c1; component Client c2; component Server server;
          connection seL4RPCCall rpc(from c1.adder, from c2.adder, to server.adder);
        } }
        """;

    private sealed class SlowAdder(ManualResetEventSlim gate) : IAdder
    {
        private int _inside;

        public int MaxInside { get; private set; }

        public int Add(int a, int b)
        {
            int now = Interlocked.Increment(ref _inside);
            MaxInside = Math.Max(MaxInside, now);
            gate.Wait(TestAssembly.Timeout);
            Thread.Sleep(2);
            Interlocked.Decrement(ref _inside);
            return a + b;
        }
    }

    [Fact]
    public void Calls_block_until_the_callee_returns_and_are_served_one_at_a_time()
    {
        var gate = new ManualResetEventSlim(false);
        var server = new SlowAdder(gate);
        var clients = new List<IAdder>();
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec,
            ("Client", () => new Lambda(bind: c => { lock (clients) clients.Add(c.Uses<IAdder>("adder")); })),
            ("Server", () => new Lambda(bind: c => c.Provides<IAdder>("adder", server)))));
        runtime.Start();
        var calls = clients.SelectMany((client, k) => Enumerable.Range(0, 10).Select(i => (client, a: k * 100 + i)))
            .Select(x => Task.Run(() => (x.a, sum: x.client.Add(x.a, 1)))).ToList();
        Assert.True(Tasks.StillBlocked(Task.WhenAny(calls)));          // the callee has not returned yet
        gate.Set();
        Assert.True(Tasks.Finishes(Task.WhenAll(calls)));
        Assert.All(calls.Select(t => t.GetAwaiter().GetResult()), r => Assert.Equal(r.a + 1, r.sum));
        Assert.Equal(1, server.MaxInside);
    }

    [Fact]
    public void Exceptions_of_the_callee_reach_the_caller()
    {
        IAdder? client = null;
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec,
            ("Client", () => new Lambda(bind: c => client ??= c.Uses<IAdder>("adder"))),
            ("Server", () => new Lambda(bind: c => c.Provides<IAdder>("adder", new Throwing())))));
        runtime.Start();
        Assert.Equal("no", Assert.Throws<ArgumentException>(() => client!.Add(1, 2)).Message);
    }

    private sealed class Throwing : IAdder
    {
        public int Add(int a, int b) => throw new ArgumentException("no");
    }
}
