using System.Runtime.InteropServices;
using System.Text;

namespace CamkesVm.Machine.Net;

/// <summary>
/// A host TAP interface as the wire (Linux, Documentation/networking/tuntap.rst): <c>/dev/net/tun</c> opened and
/// bound with TUNSETIFF to the interface named in the constructor with IFF_TAP | IFF_NO_PI, so every read returns
/// one Ethernet frame and every write sends one. Creating or attaching a TAP needs CAP_NET_ADMIN (root), or a
/// persistent interface made beforehand for this user (<c>ip tuntap add dev tap0 mode tap user $USER</c>).
/// A reader thread delivers frames to the card; <see cref="Dispose"/> stops it and closes the device.
/// </summary>
public sealed partial class TapBackend : INetworkBackend
{
    private const string CloneDevice = "/dev/net/tun";
    private const int ORdWr = 2, OCloExec = 0x80000, IffTap = 0x0002, IffNoPi = 0x1000, IfNameSize = 16, IfReqSize = 40;
    private const uint TunSetIff = 0x400454CA;
    private const short PollIn = 0x0001;
    private readonly int _fd;
    private readonly Thread _reader;
    private volatile IFrameReceiver? _receiver;
    private volatile bool _stopping;

    /// <summary>Opens the TAP interface <paramref name="interfaceName"/> (created if it does not exist and the process may).</summary>
    public TapBackend(string interfaceName)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("TAP networking needs Linux's /dev/net/tun; use --net user on this system");
        if (string.IsNullOrEmpty(interfaceName) || Encoding.ASCII.GetByteCount(interfaceName) >= IfNameSize)
            throw new ArgumentException($"TAP interface name '{interfaceName}' must have 1 to {IfNameSize - 1} characters", nameof(interfaceName));
        InterfaceName = interfaceName;
        _fd = Open(CloneDevice, ORdWr | OCloExec);
        if (_fd < 0) throw Failure($"cannot open {CloneDevice}");
        var ifr = new byte[IfReqSize];
        Encoding.ASCII.GetBytes(interfaceName, ifr);
        BitConverter.TryWriteBytes(ifr.AsSpan(IfNameSize), (short)(IffTap | IffNoPi));
        if (Ioctl(_fd, TunSetIff, ifr) < 0)
        {
            var error = Failure($"cannot attach TAP interface {interfaceName} (needs root/CAP_NET_ADMIN, or 'ip tuntap add dev {interfaceName} mode tap user $USER' first)");
            Close(_fd);
            throw error;
        }
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"tap {interfaceName}" };
        _reader.Start();
    }

    /// <summary>The host interface name.</summary>
    public string InterfaceName { get; }

    /// <summary>Why a TAP cannot be used here (not Linux, no /dev/net/tun, not root), or null when it can be tried.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "TAP needs Linux";
        if (!File.Exists(CloneDevice)) return $"{CloneDevice} does not exist (no tun driver)";
        if (Environment.UserName != "root" && GetEuid() != 0) return "creating a TAP interface needs root (CAP_NET_ADMIN)";
        return null;
    }

    /// <inheritdoc/>
    public void Attach(IFrameReceiver receiver) => _receiver = receiver;

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> frame)
    {
        if (_stopping) return;
        Write(_fd, in MemoryMarshal.GetReference(frame), frame.Length);
    }

    private void ReadLoop()
    {
        var buffer = new byte[0x1_0000];
        var poll = new PollFd { Fd = _fd, Events = PollIn };
        while (!_stopping)
        {
            if (Poll(ref poll, 1, 200) <= 0 || (poll.Revents & PollIn) == 0) continue;
            nint n = Read(_fd, buffer, buffer.Length);
            if (n <= 0) continue;
            _receiver?.Receive(buffer.AsSpan(0, (int)n));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _reader.Join(TimeSpan.FromSeconds(2));
        Close(_fd);
    }

    private static IOException Failure(string what) =>
        new($"{what}: {Marshal.GetLastPInvokeErrorMessage()}");

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, byte[] argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, in byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
