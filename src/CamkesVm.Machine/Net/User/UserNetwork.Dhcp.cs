using System.Buffers.Binary;
using static CamkesVm.Machine.Net.User.UserNetFrames;

namespace CamkesVm.Machine.Net.User;

/// <summary>
/// The DHCP server (RFC 2131, options RFC 2132): DISCOVER gets an OFFER and REQUEST an ACK of the guest
/// address, with netmask, router, DNS server, lease time and server identifier; replies are broadcast from
/// the gateway, port 67 to 68, as a client without an address can always receive them.
/// </summary>
public sealed partial class UserNetwork
{
    private const int BootpFixed = 236, MagicCookie = 0x6382_5363;
    private const byte OptionMessageType = 53, Discover = 1, Offer = 2, Request = 3, Ack = 5;

    private void HandleDhcp(ReadOnlySpan<byte> bootp)
    {
        if (bootp.Length < BootpFixed + 4 || bootp[0] != 1 || BinaryPrimitives.ReadUInt32BigEndian(bootp[BootpFixed..]) != MagicCookie) return;
        byte type = MessageType(bootp[(BootpFixed + 4)..]);
        byte reply = type switch { Discover => Offer, Request => Ack, _ => 0 };
        if (reply == 0) return;
        Deliver(Udp(MacAddress.Broadcast, GatewayMac, _gateway, 67, 0xFFFF_FFFF, 68, BuildReply(bootp, reply)));
    }

    private static byte MessageType(ReadOnlySpan<byte> options)
    {
        for (int i = 0; i < options.Length;)
        {
            byte code = options[i];
            if (code == 255) break;
            if (code == 0) { i++; continue; }
            if (i + 1 >= options.Length) break;
            int length = options[i + 1];
            if (code == OptionMessageType && length == 1 && i + 2 < options.Length) return options[i + 2];
            i += 2 + length;
        }
        return 0;
    }

    private byte[] BuildReply(ReadOnlySpan<byte> request, byte type)
    {
        var r = new byte[BootpFixed + 4 + 64];
        r[0] = 2; r[1] = 1; r[2] = 6;                  // BOOTREPLY, Ethernet, 6-byte addresses
        request.Slice(4, 4).CopyTo(r.AsSpan(4));       // xid
        request.Slice(10, 2).CopyTo(r.AsSpan(10));     // flags
        BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(16), _guest);   // yiaddr
        BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(20), _gateway); // siaddr
        request.Slice(28, 16).CopyTo(r.AsSpan(28));    // chaddr
        BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(BootpFixed), MagicCookie);
        int o = BootpFixed + 4;
        void Option(byte code, uint value, int length = 4)
        {
            r[o] = code; r[o + 1] = (byte)length;
            if (length == 1) r[o + 2] = (byte)value;
            else BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o + 2), value);
            o += 2 + length;
        }
        Option(OptionMessageType, type, 1);
        Option(54, _gateway);                 // server identifier
        Option(51, _options.LeaseSeconds);    // lease time
        Option(1, _netmask);                  // subnet mask
        Option(3, _gateway);                  // router
        Option(6, _dns);                      // DNS server
        r[o] = 255;
        return r;
    }
}
