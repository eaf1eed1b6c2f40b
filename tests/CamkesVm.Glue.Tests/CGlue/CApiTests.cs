using CamkesVm.Adl;
using CamkesVm.Glue.Tests.Fakes;
using CamkesVm.Runtime.CGlue;

namespace CamkesVm.Glue.Tests.CGlue;

/// <summary>The rest of the camkes.h API (reference camkes_adl.md §5.1) from C: poll, reg_callback, mutex, semaphore, lifecycle.</summary>
public sealed class CApiTests : TempFolderTest
{
    private const string Spec = """
        import <std_connector.camkes>;
        component Widget {
          control;
          consumes Ev ev;
          emits Ev done;
          dataport Buf d;
          has mutex m;
          has semaphore s;
        }
        component Peer { emits Ev e; consumes Ev c; dataport Buf d; }
        assembly {
          composition {
            component Widget w;
            component Peer p;
            connection seL4Notification a(from p.e, to w.ev);
            connection seL4Notification b(from w.done, to p.c);
            connection seL4SharedData c(from p.d, to w.d);
          }
        }
        """;

    private const string Source = """
        #include <camkes.h>
        #include <stdio.h>

        static int fired;
        static void on_event(void *arg) { fired += *(int *)arg; }

        void pre_init(void) { printf("pre_init %s\n", get_instance_name()); }
        void post_init(void) { printf("post_init size=%zu\n", d_get_size()); }

        int run(void) {
            static int weight = 10;
            printf("poll=%d\n", ev_poll());
            printf("poll=%d\n", ev_poll());
            printf("reg=%d\n", ev_reg_callback(on_event, &weight));
            printf("again=%d\n", ev_reg_callback(on_event, &weight));
            done_emit();
            ev_wait();
            if (m_lock() != 0) return 1;
            d->content[0] = 'x';
            if (m_unlock() != 0) return 2;
            if (s_trywait() != 0) return 3;
            printf("trywait=%d\n", s_trywait());
            if (s_post() != 0) return 4;
            putchar('!');
            fputs(" via ", stdout);
            fprintf(stdout, "%s", "fprintf");
            fwrite("\n", 1, 1, stdout);
            fprintf(stderr, "to stderr\n");
            return 40 + fired / 10;
        }
        """;

    [Fact]
    public void PollCallbackMutexSemaphoreAndLifecycleBehaveAsCamkes()
    {
        var result = AdlCompiler.CompileText(Spec, "widget.camkes");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var layout = new CGlueLayout(result.Type("Widget"));
        var file = Path.Combine(Temp, "widget.c");
        File.WriteAllText(file, Source);
        var component = new CComponent(layout, CGlueBuilder.Build(layout, [file], Temp));
        var context = new FakeContext("w", "Widget");
        context.Events["ev"] = new FakeEvent();
        context.Events["done"] = new FakeEvent();
        context.Dataports["d"] = new FakeDataport(4096);
        context.Mutexes["m"] = new FakeMutex();
        context.Semaphores["s"] = new FakeSemaphore(1);
        component.Attach(context);
        component.PreInit();
        component.PostInit();

        var status = 0;
        var thread = new Thread(() => status = component.Run()) { IsBackground = true };
        context.Events["ev"].Emit();
        context.Events["ev"].Emit(); // coalesces with the first: one poll succeeds
        thread.Start();
        Assert.True(context.Events["done"].Wait(TimeSpan.FromSeconds(20)), "run() did not register its callback");
        context.Events["ev"].Emit(); // goes to the callback (callbacks take precedence over waiters)
        context.Events["ev"].Emit(); // wakes ev_wait()
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)));

        Assert.Equal(41, status);
        Assert.Equal("pre_init w\npost_init size=4096\npoll=1\npoll=0\nreg=0\nagain=-1\ntrywait=-1\n! via fprintf\n", context.Output.ToString());
        Assert.Equal((byte)'x', context.Dataports["d"].Span[0]);
        Assert.Equal(1, context.Mutexes["m"].Locks);
        Assert.Equal(1, context.Semaphores["s"].Count);
    }
}
