using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Tests.Support;

namespace CamkesVm.Runtime.Tests.Connectors;

/// <summary>seL4Notification between two native instances: seL4 notification semantics (a binary signal that latches).</summary>
public sealed class NotificationTests
{
    private const string Spec = """
        import <std_connector.camkes>;
        component Src { emits E e; }
        component Dst { consumes E e; }
        assembly { composition {
          component Src src; component Dst dst;
          connection seL4Notification n(from src.e, to dst.e);
        } }
        """;

    private static (AssemblyRuntime Runtime, IEventEmitter Emit, IEventConsumer Consume) Start()
    {
        IEventEmitter? emit = null;
        IEventConsumer? consume = null;
        var runtime = new AssemblyRuntime(TestAssembly.Options(Spec,
            ("Src", () => new Lambda(bind: c => emit = c.Emits("e"))),
            ("Dst", () => new Lambda(bind: c => consume = c.Consumes("e")))));
        runtime.Start();
        return (runtime, emit!, consume!);
    }

    [Fact]
    public void Emits_while_nobody_waits_coalesce_into_one_pending_event()
    {
        var (runtime, emit, consume) = Start();
        using (runtime)
        {
            Assert.False(consume.Poll());
            emit.Emit();
            emit.Emit();
            emit.Emit();
            Assert.True(consume.Poll());
            Assert.False(consume.Poll());
        }
    }

    [Fact]
    public void A_pending_event_is_latched_so_wait_returns_at_once()
    {
        var (runtime, emit, consume) = Start();
        using (runtime)
        {
            emit.Emit();
            Assert.True(Tasks.Finishes(Task.Run(consume.Wait)));
            Assert.False(consume.Poll());
        }
    }

    [Fact]
    public void Wait_blocks_until_an_emit()
    {
        var (runtime, emit, consume) = Start();
        using (runtime)
        {
            var waiter = Task.Run(consume.Wait);
            Assert.True(Tasks.StillBlocked(waiter));
            emit.Emit();
            Assert.True(Tasks.Finishes(waiter));
        }
    }

    [Fact]
    public void Callback_fires_once_then_events_latch_until_it_is_registered_again()
    {
        var (runtime, emit, consume) = Start();
        using (runtime)
        {
            var fired = new SemaphoreSlim(0);
            consume.RegisterCallback(() => fired.Release());
            Assert.False(consume.Poll());                       // the callback takes precedence over pollers
            emit.Emit();
            Assert.True(fired.Wait(TestAssembly.Timeout));
            emit.Emit();                                        // one-shot: this one stays pending
            Assert.False(fired.Wait(100));
            consume.RegisterCallback(() => fired.Release());    // registering with an event pending fires at once
            Assert.True(fired.Wait(TestAssembly.Timeout));
            Assert.False(consume.Poll());
        }
    }

    [Fact]
    public void A_second_callback_while_one_is_registered_is_refused()
    {
        var (runtime, _, consume) = Start();
        using (runtime)
        {
            consume.RegisterCallback(() => { });
            var e = Assert.Throws<InvalidOperationException>(() => consume.RegisterCallback(() => { }));
            Assert.Contains("dst.e already has a callback", e.Message);
        }
    }
}
