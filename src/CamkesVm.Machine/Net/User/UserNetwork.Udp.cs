using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static CamkesVm.Machine.Net.User.UserNetFrames;

namespace CamkesVm.Machine.Net.User;

/// <summary>
/// UDP (RFC 768): DHCP to port 67 is served here; any other datagram opens (or reuses) a host socket for the
/// flow (guest port, destination address and port), and what the host answers on it comes back to the guest
/// from the address and port it wrote to.
/// </summary>
public sealed partial class UserNetwork
{
    private readonly Dictionary<(ushort GuestPort, uint Destination, ushort Port), Socket> _udpFlows = [];

    private void HandleUdp(uint source, uint destination, ReadOnlySpan<byte> udp)
    {
        if (udp.Length < 8) return;
        ushort sourcePort = BinaryPrimitives.ReadUInt16BigEndian(udp), port = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (length < 8 || length > udp.Length) return;
        var payload = udp[8..length];
        if (port == 67 && sourcePort == 68) { HandleDhcp(payload); return; }
        if (HostTarget(destination) is not { } host) return;
        var key = (sourcePort, destination, port);
        if (!_udpFlows.TryGetValue(key, out var socket))
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try { socket.Connect(new IPEndPoint(host, port)); }
            catch (SocketException e) { Log($"UDP to {host}:{port}: {e.Message}"); socket.Dispose(); return; }
            _udpFlows[key] = socket;
            _ = ReceiveUdpAsync(socket, source, sourcePort, destination, port);
        }
        try { socket.Send(payload); }
        catch (SocketException e) { Log($"UDP to {host}:{port}: {e.Message}"); }
    }

    private async Task ReceiveUdpAsync(Socket socket, uint guest, ushort guestPort, uint remote, ushort remotePort)
    {
        var buffer = new byte[0x1_0000];
        while (true)
        {
            int n;
            try { n = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
            lock (_lock)
            {
                if (_disposed) return;
                Deliver(Udp(_guestMac, GatewayMac, remote, remotePort, guest, guestPort, buffer.AsSpan(0, n)));
            }
        }
    }

    private void CloseUdp()
    {
        foreach (var socket in _udpFlows.Values) socket.Dispose();
        _udpFlows.Clear();
    }
}
