namespace CamkesVm.Cli.Terminal;

/// <summary>
/// Connects the guest's COM1 to the user's terminal: stdin bytes go to the guest, guest bytes to stdout.
/// The escape key is Ctrl-A, as in QEMU: Ctrl-A x quits, Ctrl-A h prints help, Ctrl-A Ctrl-A sends one Ctrl-A.
/// Works with pipes too (then EOF on stdin just ends input; the guest keeps running).
/// </summary>
internal sealed class SerialConsole : IDisposable
{
    private const byte CtrlA = 0x01;
    private readonly Stream _stdout = Console.OpenStandardOutput();
    private readonly byte[] _outBuffer = new byte[8192];
    private int _outCount;
    private readonly Action<byte[]> _toGuest;
    private readonly Action _quit;
    private readonly Thread _reader;
    private bool _escape;

    /// <summary>Starts reading stdin on a background thread.</summary>
    public SerialConsole(Action<byte[]> toGuest, Action quit)
    {
        _toGuest = toGuest;
        _quit = quit;
        _reader = new Thread(ReadInput) { IsBackground = true, Name = "serial console input" };
        _reader.Start();
    }

    /// <summary>One byte from a guest (its machine thread); buffered until <see cref="Flush"/>.</summary>
    public void Write(byte b)
    {
        lock (_outBuffer)
        {
            if (_outCount == _outBuffer.Length) Flush();
            _outBuffer[_outCount++] = b;
        }
    }

    /// <summary>
    /// Text from a native component (any thread), written at once; a lone line feed becomes CR LF so that lines start
    /// at the left margin on a terminal in raw mode, as the guest's own serial output does.
    /// </summary>
    public void WriteText(string text)
    {
        lock (_outBuffer)
        {
            Flush();
            var bytes = System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n"));
            _stdout.Write(bytes, 0, bytes.Length);
            _stdout.Flush();
        }
    }

    /// <summary>Sends buffered guest output to stdout.</summary>
    public void Flush()
    {
        lock (_outBuffer)
        {
            if (_outCount == 0) return;
            _stdout.Write(_outBuffer, 0, _outCount);
            _stdout.Flush();
            _outCount = 0;
        }
    }

    private void ReadInput()
    {
        using var stdin = OpenStandardInputUnbuffered();
        var buffer = new byte[256];
        while (true)
        {
            int n;
            try { n = stdin.Read(buffer, 0, buffer.Length); }
            catch (IOException) { return; }
            if (n <= 0) return;
            var forward = new List<byte>(n);
            for (int i = 0; i < n; i++) Filter(buffer[i], forward);
            if (forward.Count > 0) _toGuest([.. forward]);
        }
    }

    /// <summary>
    /// Standard input read byte by byte as it arrives. On a terminal, <see cref="Console.OpenStandardInput()"/> hands
    /// out whole lines only (it edits and echoes the line itself), so Ctrl-A x or a single key would wait for Enter;
    /// read(2) on descriptor 0 gives each key as the raw-mode terminal delivers it.
    /// </summary>
    private static Stream OpenStandardInputUnbuffered()
    {
        if (Console.IsInputRedirected || !OperatingSystem.IsLinux()) return Console.OpenStandardInput();
        return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
    }

    private void Filter(byte b, List<byte> forward)
    {
        if (!_escape)
        {
            if (b == CtrlA) _escape = true;
            else forward.Add(b);
            return;
        }
        _escape = false;
        switch (b)
        {
            case (byte)'x': case (byte)'X': _quit(); break;
            case CtrlA: forward.Add(CtrlA); break;
            case (byte)'h': case (byte)'H':
                Console.Error.Write("\r\nC-a h    print this help\r\nC-a x    exit camkes-vm\r\nC-a C-a  send C-a to the guest\r\n");
                break;
        }
    }

    public void Dispose() => Flush();
}
