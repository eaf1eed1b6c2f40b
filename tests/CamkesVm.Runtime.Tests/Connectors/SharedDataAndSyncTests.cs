using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Tests.Support;

namespace CamkesVm.Runtime.Tests.Connectors;

/// <summary>seL4SharedData blocks, <c>has mutex</c> and <c>has semaphore</c>.</summary>
public sealed unsafe class SharedDataAndSyncTests
{
    private const string Spec = """
        import <std_connector.camkes>;
        component A { dataport Buf(6000) d; has mutex m; has semaphore s; has semaphore one; has binary_semaphore b; }
        component B { dataport Buf(6000) d; }
        assembly {
          composition {
            component A a; component B b;
            connection seL4SharedData shared(from a.d, to b.d);
          }
          configuration { a.s_value = 2; }
        }
        """;

    private static (AssemblyRuntime, IComponentContext A, IComponentContext B) Start()
    {
        IComponentContext? a = null, b = null;
        var runtime = new AssemblyRuntime(TestAssembly.Options(Spec, ("A", () => new Lambda(bind: c => a = c)), ("B", () => new Lambda(bind: c => b = c))));
        runtime.Start();
        return (runtime, a!, b!);
    }

    [Fact]
    public void Both_ends_see_one_zeroed_page_aligned_block_of_whole_pages()
    {
        var (runtime, a, b) = Start();
        using (runtime)
        {
            var da = a.Dataport("d");
            var db = b.Dataport("d");
            Assert.Equal(8192, da.Size);                           // Buf(6000) rounded up to pages
            Assert.True(da.Pointer == db.Pointer);
            Assert.Equal(0, (long)da.Pointer % 4096);
            Assert.All(db.Span.ToArray(), x => Assert.Equal(0, x));
            "hello"u8.CopyTo(da.Span[8000..]);
            Assert.Equal("hello"u8.ToArray(), db.Span.Slice(8000, 5).ToArray());
            db.Pointer[1] = 0x5A;
            Assert.Equal(0x5A, da.Span[1]);
        }
    }

    [Fact]
    public void Mutex_excludes_and_may_be_unlocked_by_another_thread()
    {
        var (runtime, a, _) = Start();
        using (runtime)
        {
            var m = a.Mutex("m");
            int counter = 0;
            var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (int i = 0; i < 500; i++)
                {
                    m.Lock();
                    int seen = counter;
                    Thread.Yield();
                    counter = seen + 1;
                    m.Unlock();
                }
            })).ToArray();
            Assert.True(Tasks.Finishes(Task.WhenAll(workers)));
            Assert.Equal(2000, counter);
            m.Lock();
            Assert.True(Tasks.Finishes(Task.Run(m.Unlock)));
            Assert.Contains("a.m is not locked", Assert.Throws<InvalidOperationException>(m.Unlock).Message);
        }
    }

    [Fact]
    public void Semaphores_start_at_their_value_setting_and_count()
    {
        var (runtime, a, _) = Start();
        using (runtime)
        {
            var s = a.Semaphore("s");
            Assert.True(s.TryWait());
            Assert.True(s.TryWait());
            Assert.False(s.TryWait());
            var waiter = Task.Run(s.Wait);
            Assert.True(Tasks.StillBlocked(waiter));
            s.Post();
            Assert.True(Tasks.Finishes(waiter));
            Assert.True(a.Semaphore("one").TryWait());             // default count 1
            Assert.False(a.Semaphore("one").TryWait());
            var bin = a.Semaphore("b");
            Assert.False(bin.TryWait());                            // binary semaphores start at 0
            bin.Post();
            bin.Post();                                             // and saturate at 1
            Assert.True(bin.TryWait());
            Assert.False(bin.TryWait());
        }
    }
}
