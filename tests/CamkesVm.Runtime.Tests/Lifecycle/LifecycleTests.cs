using System.Collections.Concurrent;
using CamkesVm.Machine;
using CamkesVm.Runtime.Tests.Support;

namespace CamkesVm.Runtime.Tests.Lifecycle;

/// <summary>Start-up order (camkes_adl.md §5.2), reach of a component, and shutdown.</summary>
public sealed class LifecycleTests
{
    private const string Spec = """
        import <std_connector.camkes>;
        component Worker { control; consumes E never; maybe consumes E spare; emits E outgoing; maybe dataport Buf d; has mutex m; has semaphore s; }
        component Trigger { emits E e; }
        assembly { composition {
          component Worker w1; component Worker w2; component Trigger t;
          connection seL4Notification n(from t.e, to w1.never, to w2.never);
        } configuration { w1.s_value = 0; w2.s_value = 0; w1.greeting = "hi"; w1.count = 3; } }
        """;

    [Fact]
    public void Bind_then_pre_init_then_post_init_of_all_instances_then_run()
    {
        var log = new ConcurrentQueue<string>();
        Lambda Make(string type) => new(
            bind: c => log.Enqueue($"bind {c.InstanceName}"),
            preInit: c => log.Enqueue($"pre {c.InstanceName}"),
            postInit: c => log.Enqueue($"post {c.InstanceName}"),
            run: c => { log.Enqueue($"run {c.InstanceName}"); return 0; });
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec, ("Worker", () => Make("Worker")), ("Trigger", () => Make("Trigger"))));
        var exit = TestAssembly.RunToEnd(runtime);
        var stages = log.Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["bind", "bind", "bind", "pre", "pre", "pre", "post", "post", "post", "run", "run"], stages);
        Assert.DoesNotContain("run t", log);                      // Trigger is not a control component
        Assert.Equal((MachineExitKind.Stopped, 0), (exit.Kind, exit.Status));
    }

    [Fact]
    public void A_component_reaches_only_what_its_type_declares_and_the_spec_connects()
    {
        Components.IComponentContext? w = null;
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec, ("Worker", () => new Lambda(bind: c => w ??= c)), ("Trigger", () => new Lambda())));
        runtime.Start();
        var undeclared = Assert.Throws<InvalidOperationException>(() => w!.Consumes("other"));
        Assert.Equal("w1 (Worker) has no consumes interface 'other'; its type declares: consumes never, consumes spare, emits outgoing, dataport d, "
            + "has mutex m, has semaphore s", undeclared.Message);
        Assert.Contains("'outgoing' is emits", Assert.Throws<InvalidOperationException>(() => w!.Consumes("outgoing")).Message);
        var spare = w!.Consumes("spare");                         // binding an unconnected interface works ...
        Assert.Equal("w1.spare is not connected in the spec: add a connection to it in the assembly's composition",
            Assert.Throws<InvalidOperationException>(() => spare.Poll()).Message);   // ... using it does not
        Assert.Throws<InvalidOperationException>(() => { var _ = w.Dataport("d").Span; });
        w.Emits("outgoing").Emit();                                    // an unconnected emits is a no-op, as in CAmkES
        Assert.Contains("no mutex 'x'", Assert.Throws<InvalidOperationException>(() => w.Mutex("x")).Message);
        Assert.Equal(("hi", 3L, null), (w.Attribute("greeting"), w.Attribute("count"), w.Attribute("missing")));
    }

    [Fact]
    public void Stop_releases_blocked_threads_and_joins_them_all()
    {
        var ended = new ConcurrentQueue<string>();
        int Block(Components.IComponentContext c)
        {
            try
            {
                if (c.InstanceName == "w1") c.Consumes("never").Wait();
                else
                {
                    c.Mutex("m").Lock();
                    c.Mutex("m").Lock();                           // the second lock blocks forever
                }
                return 0;
            }
            finally
            {
                ended.Enqueue(c.InstanceName);
            }
        }
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec, ("Worker", () => new Lambda(run: Block)), ("Trigger", () => new Lambda())));
        runtime.Start();
        Assert.Null(runtime.Wait(TimeSpan.FromMilliseconds(200)));    // blocked control threads keep it running
        runtime.Stop("quit from the console (Ctrl-A x)");
        var exit = runtime.Wait(TestAssembly.Timeout);
        Assert.NotNull(exit);
        Assert.Equal((MachineExitKind.Stopped, 0, "quit from the console (Ctrl-A x)"), (exit.Kind, exit.Status, exit.Message));
        Assert.Equal(["w1", "w2"], ended.Order());
        Assert.Empty(exit.Failures);
    }

    [Fact]
    public void A_failing_control_thread_is_reported_and_makes_the_status_non_zero()
    {
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec,
            ("Worker", () => new Lambda(run: c => c.InstanceName == "w1" ? throw new InvalidOperationException("boom") : 0)), ("Trigger", () => new Lambda())));
        var exit = TestAssembly.RunToEnd(runtime);
        Assert.Equal(1, exit.Status);
        Assert.Equal("w1:control: boom", Assert.Single(exit.Failures));
    }

    [Fact]
    public void The_first_non_zero_run_result_is_the_status()
    {
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec,
            ("Worker", () => new Lambda(run: c => c.InstanceName == "w2" ? 7 : 0)), ("Trigger", () => new Lambda())));
        var exit = TestAssembly.RunToEnd(runtime);
        Assert.Equal((7, "w2: run() returned 7"), (exit.Status, exit.Message));
    }

    [Fact]
    public void An_instance_without_implementation_is_refused_at_start()
    {
        using var runtime = new AssemblyRuntime(TestAssembly.Options(Spec, ("Worker", () => new Lambda())));
        var e = Assert.Throws<AssemblyRuntimeException>(runtime.Start);
        Assert.Contains("no implementation of component Trigger (instance t)", e.Message);
    }
}
