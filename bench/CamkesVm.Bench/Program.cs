namespace CamkesVm.Bench;

/// <summary>Benchmarks of camkes-vm; see the README section "Benchmarks".</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: dotnet run -c Release --project bench/CamkesVm.Bench -- <benchmark>");
        return args.Length == 0 ? 2 : 0;
    }
}
