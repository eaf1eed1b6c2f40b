using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using static CamkesVm.Machine.Net.User.UserNetwork;

namespace CamkesVm.Machine.Net.User;

/// <summary>
/// One guest TCP connection carried to a host socket (RFC 9293). The link to the guest is lossless, so the NAT
/// never retransmits; it still handles what the guest does: retransmitted SYNs and segments (answered with the
/// current ACK), out-of-order data (dropped, duplicate ACK), its window (never more in flight than it allows),
/// FIN in both directions and RST. The window offered to the guest is what the host writer has not yet taken.
/// All methods except the socket loops run under the network's lock.
/// </summary>
internal sealed class TcpNatConnection
{
    private const int OurMss = 1460, WindowLimit = 0xFFFF, HostBufferLimit = 256 * 1024;
    private enum State { Connecting, SynAckSent, Established, Closed }

    private readonly UserNetwork _net;
    private readonly uint _guest;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly Channel<byte[]> _toHost = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _room = new(0);
    private readonly byte[] _toGuest = new byte[HostBufferLimit];
    private int _toGuestStart, _toGuestLength, _queuedToHost, _mss;
    private uint _rcvNxt, _sndNxt, _sndUna, _isn;
    private ushort _sndWnd, _lastWindow;
    private bool _guestFin, _hostEof, _finSent, _writerDone, _ackOwed;
    private State _state;

    public TcpNatConnection(UserNetwork net, uint guest, ushort guestPort, uint remote, ushort remotePort, TcpSegment syn)
    {
        _net = net;
        _guest = guest;
        GuestPort = guestPort;
        Remote = remote;
        RemotePort = remotePort;
        _rcvNxt = syn.Sequence + 1;
        _sndWnd = syn.Window;
        _mss = Math.Min(syn.Mss == 0 ? 536 : syn.Mss, OurMss);
        _isn = (uint)Random.Shared.Next();
        _sndNxt = _sndUna = _isn;
    }

    public ushort GuestPort { get; }
    public uint Remote { get; }
    public ushort RemotePort { get; }

    private ushort Window => (ushort)Math.Clamp(WindowLimit - _queuedToHost, 0, WindowLimit);

    public void Connect(IPAddress host) => _ = ConnectAsync(new IPEndPoint(host, RemotePort));

    private async Task ConnectAsync(IPEndPoint endpoint)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            lock (_net.Lock)
            {
                _net.LogTcp($"TCP to {endpoint}: {e.Message}; guest gets a reset");
                if (_state == State.Closed) return;
                Send(TcpRst | TcpAck, 0, []);
                Abort();
            }
            return;
        }
        lock (_net.Lock)
        {
            if (_state == State.Closed) { _socket.Dispose(); return; }
            _socket.Blocking = false; // the synchronous writes in WriteToHost; the async loops are unaffected
            _state = State.SynAckSent;
            SendSynAck();
        }
        _ = ReadHostAsync();
        _ = WriteHostAsync();
    }

    public void Handle(TcpSegment s)
    {
        if ((s.Flags & TcpRst) != 0) { Abort(); return; }
        if ((s.Flags & TcpSyn) != 0)
        {
            if (_state == State.SynAckSent) SendSynAck(); // the guest retransmitted its SYN
            return;
        }
        if (_state == State.Connecting || (s.Flags & TcpAck) == 0) return;
        if (_state == State.SynAckSent && s.Ack == _sndNxt) _state = State.Established;
        if (_state != State.Established) return;
        if (After(s.Ack, _sndUna) && !After(s.Ack, _sndNxt)) _sndUna = s.Ack;
        _sndWnd = s.Window;
        if (s.Payload.Length > 0 || (s.Flags & TcpFin) != 0) TakeData(s);
        Pump();
        CloseIfDone();
    }

    /// <summary>In-order data goes to the host; anything else is answered with the ACK we are at (RFC 9293 §3.10.7.4).</summary>
    private void TakeData(TcpSegment s)
    {
        int offset = (int)(_rcvNxt - s.Sequence);
        if (offset >= 0 && offset <= s.Payload.Length && !_guestFin)
        {
            var fresh = s.Payload[offset..];
            int accepted = Math.Min(fresh.Length, Window);
            if (accepted > 0)
            {
                WriteToHost(fresh[..accepted]);
                _rcvNxt += (uint)accepted;
            }
            if ((s.Flags & TcpFin) != 0 && accepted == fresh.Length)
            {
                _guestFin = true;
                _rcvNxt++;
                _toHost.Writer.TryComplete();
            }
            else if (offset == 0 && accepted == fresh.Length && (s.Flags & TcpPsh) == 0)
            {
                if (!_ackOwed) _net.OweAck(this);
                _ackOwed = true;
                return;
            }
        }
        SendAck();
    }

    /// <summary>Sends the ACK a deferred segment left owing, unless a later segment already carried it.</summary>
    public void SendOwedAck()
    {
        if (_ackOwed && _state == State.Established) SendAck();
        _ackOwed = false;
    }

    /// <summary>Writes straight to the host socket when nothing is queued before; queues what it does not take.</summary>
    private void WriteToHost(ReadOnlySpan<byte> data)
    {
        int written = 0;
        if (_queuedToHost == 0)
        {
            try { written = Math.Max(0, _socket.Send(data, SocketFlags.None, out _)); }
            catch (ObjectDisposedException) { written = 0; }
        }
        if (written == data.Length) return;
        _toHost.Writer.TryWrite(data[written..].ToArray()); // the writer loop reports any socket error
        _queuedToHost += data.Length - written;
    }

    /// <summary>Sends host data while the guest's window allows, then our FIN once the host has closed and all is sent.</summary>
    private void Pump()
    {
        if (_state != State.Established) return;
        while (_toGuestLength > 0)
        {
            int allowed = _sndWnd - (int)(_sndNxt - _sndUna);
            int n = Math.Min(Math.Min(_toGuestLength, _mss), allowed);
            if (n <= 0) break;
            Send(TcpAck | TcpPsh, _sndNxt, _toGuest.AsSpan(_toGuestStart, n));
            _sndNxt += (uint)n;
            _toGuestStart += n;
            _toGuestLength -= n;
        }
        if (_toGuestLength == 0) _toGuestStart = 0;
        else if (_toGuestStart > HostBufferLimit / 2)
        {
            _toGuest.AsSpan(_toGuestStart, _toGuestLength).CopyTo(_toGuest);
            _toGuestStart = 0;
        }
        if (_room.CurrentCount == 0) _room.Release();
        if (_hostEof && _toGuestLength == 0 && !_finSent)
        {
            Send(TcpFin | TcpAck, _sndNxt, []);
            _sndNxt++;
            _finSent = true;
        }
    }

    private async Task ReadHostAsync()
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int space;
            lock (_net.Lock) space = _state == State.Closed ? -1 : HostBufferLimit - _toGuestStart - _toGuestLength;
            if (space < 0) return;
            if (space == 0) { await _room.WaitAsync().ConfigureAwait(false); continue; }
            int n;
            try { n = await _socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(space, buffer.Length)), SocketFlags.None).ConfigureAwait(false); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { n = 0; }
            lock (_net.Lock)
            {
                if (_state == State.Closed) return;
                if (n == 0) _hostEof = true;
                else
                {
                    buffer.AsSpan(0, n).CopyTo(_toGuest.AsSpan(_toGuestStart + _toGuestLength));
                    _toGuestLength += n;
                }
                Pump();
                CloseIfDone();
                if (n == 0) return;
            }
        }
    }

    private async Task WriteHostAsync()
    {
        try
        {
            await foreach (var chunk in _toHost.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await _socket.SendAsync(chunk, SocketFlags.None).ConfigureAwait(false);
                lock (_net.Lock)
                {
                    _queuedToHost -= chunk.Length;
                    if (_state == State.Established && _lastWindow < 2 * _mss && Window >= 2 * _mss) SendAck(); // window update
                }
            }
            _socket.Shutdown(SocketShutdown.Send);
            lock (_net.Lock)
            {
                _writerDone = true;
                if (_state == State.Closed) _socket.Dispose();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            lock (_net.Lock)
            {
                if (_state == State.Closed) return;
                Send(TcpRst | TcpAck, _sndNxt, []);
                Abort();
            }
        }
    }

    private void CloseIfDone()
    {
        if (_guestFin && _finSent && _sndUna == _sndNxt)
        {
            _state = State.Closed;
            _net.Forget(this);
            if (_writerDone) _socket.Dispose(); // else the writer closes it once everything is written
        }
    }

    /// <summary>Drops the connection at once (guest RST, refused connection, NAT disposed).</summary>
    public void Abort()
    {
        _state = State.Closed;
        _net.Forget(this);
        _toHost.Writer.TryComplete();
        if (_room.CurrentCount == 0) _room.Release();
        _socket.Dispose();
    }

    private void SendSynAck()
    {
        _lastWindow = Window;
        _net.SendTcp(_guest, GuestPort, Remote, RemotePort, TcpSyn | TcpAck, _isn, _rcvNxt, _lastWindow, [], OurMss);
        _sndNxt = _isn + 1;
        _sndUna = _isn + 1;
    }

    private void SendAck() => Send(TcpAck, _sndNxt, []);

    private void Send(byte flags, uint seq, ReadOnlySpan<byte> payload)
    {
        _ackOwed = false; // every segment carries the current ACK
        _lastWindow = Window;
        _net.SendTcp(_guest, GuestPort, Remote, RemotePort, flags, seq, _rcvNxt, _lastWindow, payload, 0);
    }

    /// <summary>Sequence comparison modulo 2^32 (RFC 9293 §3.4).</summary>
    private static bool After(uint a, uint b) => (int)(a - b) > 0;
}
