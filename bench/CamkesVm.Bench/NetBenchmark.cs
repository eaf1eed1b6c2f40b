using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CamkesVm.Bench;

/// <summary>
/// Guest↔host TCP throughput over an Intel 82574L (Linux <c>e1000e</c>) on the user-mode NAT, in camkes-vm
/// (<c>--net user</c>) and in <c>qemu-system-i386 -accel tcg</c> (<c>-device e1000e -netdev user</c>): both NATs
/// put the guest at 10.0.2.15 with the host at 10.0.2.2, configured by hand (<c>ip addr</c>/<c>ip route</c>).
/// Guest→host: the guest pipes N MiB (default 16) of <c>/dev/zero</c> into busybox <c>nc 10.0.2.2 PORT</c>, the
/// bench's TcpListener counts them. Host→guest: the guest's <c>nc</c> connects and the bench sends N MiB and
/// closes. Timed on the host from accepting the connection to the last byte (guest→host) or to the guest closing
/// its side after reading everything (host→guest), and by the CPU time the guest's process used over the command
/// (<see cref="Throughput"/>); medians of the runs. Usage: <c>net [runs] [MiB] [-- camkes-vm run options]</c>.
/// </summary>
internal static class NetBenchmark
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    public static int Run(string[] all)
    {
        var (args, oursOptions) = GuestLaunch.Split(all);
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        int mib = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        string root = BenchPaths.Root;
        if (GuestLaunch.FindCli(root) is not { } cli) return 2;
        var launch = new GuestLaunch(["--net", "user"], ["-device", "e1000e,netdev=n", "-netdev", "user,id=n"]) { OursOptions = oursOptions };
        var (oursUp, oursDown) = Measure(launch.BootOurs(root, cli), runs, mib);
        var (qemuUp, qemuDown) = Measure(launch.BootQemu(root), runs, mib);
        var table = new ThroughputTable($"TCP over e1000e + user NAT, {mib} MiB, busybox nc");
        table.Add("guest -> host", oursUp, qemuUp);
        table.Add("host -> guest", oursDown, qemuDown);
        table.Print(runs);
        return 0;
    }

    private static (Throughput Up, Throughput Down) Measure(GuestConsole guest, int runs, int mib)
    {
        using (guest)
        {
            guest.Run("ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2", CommandTimeout);
            guest.Run("ping -c1 -W5 10.0.2.2 >/dev/null", CommandTimeout); // the link is up and ARP resolved
            long bytes = mib * 1024L * 1024;
            var ups = new List<Throughput>();
            var downs = new List<Throughput>();
            for (int i = 0; i < runs; i++)
            {
                ups.Add(Transfer(guest, bytes, port => $"dd if=/dev/zero bs=64k count={mib * 16} 2>/dev/null | nc 10.0.2.2 {port}", ReceiveAsync));
                downs.Add(Transfer(guest, bytes, port => $"nc 10.0.2.2 {port} > /dev/null", SendAsync));
                Console.Error.WriteLine($"{guest.Name} run {i + 1}: guest->host {ups[^1]}, host->guest {downs[^1]}");
            }
            return (Throughput.Median(ups), Throughput.Median(downs));
        }
    }

    /// <summary>
    /// Listens on a loopback port and has the guest run <paramref name="command"/> for it; the wall time is the
    /// server's, the CPU time the guest process's over the whole command.
    /// </summary>
    private static Throughput Transfer(GuestConsole guest, long bytes, Func<int, string> command, Func<Socket, long, Task<TimeSpan>> serve)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var cpu = guest.CpuTime;
            var served = ServeOne(listener, bytes, serve);
            guest.Run(command(port), CommandTimeout);
            if (!served.Wait(CommandTimeout)) throw new TimeoutException($"{guest.Name}: the transfer did not finish");
            return Throughput.Of(bytes, served.Result, guest.CpuTime - cpu);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<TimeSpan> ServeOne(TcpListener listener, long bytes, Func<Socket, long, Task<TimeSpan>> serve)
    {
        using var socket = await listener.AcceptSocketAsync();
        return await serve(socket, bytes);
    }

    private static async Task<TimeSpan> ReceiveAsync(Socket socket, long bytes)
    {
        var clock = Stopwatch.StartNew();
        long total = await Drain(socket);
        if (total != bytes) throw new InvalidOperationException($"guest sent {total} bytes, expected {bytes}");
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> SendAsync(Socket socket, long bytes)
    {
        var clock = Stopwatch.StartNew();
        var chunk = new byte[64 * 1024];
        for (long left = bytes; left > 0; left -= chunk.Length)
            await socket.SendAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
        socket.Shutdown(SocketShutdown.Send);
        await Drain(socket); // the guest's nc closes after reading to the end
        return clock.Elapsed;
    }

    private static async Task<long> Drain(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0) total += n;
        return total;
    }
}
