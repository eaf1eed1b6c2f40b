namespace CamkesVm.Glue.Tests.Fakes;

/// <summary>Contexts for the test spec's instances (Specs.cs), and the print server's protocol driven from the client side.</summary>
public static class FakeContexts
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static FakeContext PrintServer()
    {
        var context = new FakeContext("print_server", "PrintServer");
        context.Events["do_print"] = new FakeEvent();
        context.Events["done_printing"] = new FakeEvent();
        context.Dataports["data"] = new FakeDataport(4096);
        return context;
    }

    public static FakeContext Client(int semaphore, object calculator)
    {
        var context = new FakeContext("client", "Client");
        context.Events["do_print"] = new FakeEvent();
        context.Events["done_printing"] = new FakeEvent();
        context.Dataports["data"] = new FakeDataport(4096);
        context.Mutexes["lock"] = new FakeMutex();
        context.Semaphores["sem"] = new FakeSemaphore(semaphore);
        context.Used["calc"] = calculator;
        return context;
    }

    /// <summary>As the seed's print_client: for each word, copy it into the dataport, emit do_print, wait for done_printing.</summary>
    public static void Print(FakeContext printServer, params string[] words)
    {
        foreach (var word in words)
        {
            printServer.Dataports["data"].Write(word);
            printServer.Events["do_print"].Emit();
            Assert.True(printServer.Events["done_printing"].Wait(Timeout), $"no done_printing after '{word}'");
        }
    }
}

/// <summary>A temporary folder per test, removed afterwards.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected string Temp { get; } = Directory.CreateTempSubdirectory("camkes-glue-test-").FullName;

    public void Dispose()
    {
        Directory.Delete(Temp, recursive: true);
        GC.SuppressFinalize(this);
    }
}
