using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // ICMP (RFC 792): echo request answered with an echo reply carrying the
    // same identifier, sequence number and data; echo replies delivered to
    // the ICMP socket whose identifier they carry. Broadcast pings are not
    // answered (RFC 1122 3.2.2.6 allows either; silence is the safe one).
    // Header: type(1) code(1) checksum(2) identifier(2) sequence(2).
    public sealed partial class NetStack
    {
        public const int IcmpEchoReply = 0;
        public const int IcmpEchoRequest = 8;

        private void IcmpInput(uint src, uint dst, bool broadcast, byte[] buf, int off, int len)
        {
            Stats.IcmpIn++;
            if (len < 8)
            {
                Stats.IcmpMalformed++;
                return;
            }
            if (NetBytes.Checksum(new ReadOnlySpan<byte>(buf, off, len)) != 0)
            {
                Stats.IcmpBadChecksum++;
                return;
            }
            int type = buf[off];
            if (type == IcmpEchoRequest)
            {
                Stats.IcmpEchoRequests++;
                if (broadcast || buf[off + 1] != 0)
                    return;
                byte[] p = Packet(IpHeader + len);
                int i = EthHeader + IpHeader;
                new ReadOnlySpan<byte>(buf, off, len).CopyTo(new Span<byte>(p, i, len));
                p[i] = IcmpEchoReply;
                NetBytes.Put16(p, i + 2, 0);
                NetBytes.Put16(p, i + 2, NetBytes.Checksum(new ReadOnlySpan<byte>(p, i, len)));
                Stats.IcmpOut++;
                IpSend(p, len, ProtocolIcmp, dst, src);
                return;
            }
            if (type == IcmpEchoReply)
            {
                Stats.IcmpEchoReplies++;
                Socket? s = IcmpSocket(NetBytes.U16(buf, off + 4));
                if (s == null || (s.Connected && s.RemoteAddr != src) || s.QueuedBytes + len > s.ReceiveBuffer)
                {
                    Stats.IcmpUnmatchedReplies++;
                    return;
                }
                var d = new Socket.Datagram
                {
                    Data = new ReadOnlySpan<byte>(buf, off + 8, len - 8).ToArray(),
                    Address = src,
                    Port = NetBytes.U16(buf, off + 6),
                };
                s.Datagrams.Enqueue(d);
                s.QueuedBytes += d.Data.Length;
                return;
            }
            Stats.IcmpOtherTypes++;
        }

        private Socket? IcmpSocket(int id)
        {
            for (int i = 0; i < _sockets.Count; i++)
            {
                Socket? s = _sockets[i];
                if (s != null && s.Kind == SocketKind.Icmp && s.LocalPort == id)
                    return s;
            }
            return null;
        }

        private int IcmpSendEcho(Socket s, uint dst, int sequence, ReadOnlySpan<byte> data)
        {
            uint src = SourceFor(dst);
            if (src == 0)
                return NetError.NetworkUnreachable;
            int len = 8 + data.Length;
            if (len > 65535 - IpHeader)
                return NetError.MessageTooLong;
            byte[] p = Packet(IpHeader + len);
            int i = EthHeader + IpHeader;
            p[i] = IcmpEchoRequest;
            NetBytes.Put16(p, i + 4, s.LocalPort);
            NetBytes.Put16(p, i + 6, sequence);
            data.CopyTo(new Span<byte>(p, i + 8, data.Length));
            NetBytes.Put16(p, i + 2, NetBytes.Checksum(new ReadOnlySpan<byte>(p, i, len)));
            int r = IpSend(p, len, ProtocolIcmp, src, dst);
            if (r < 0)
                return r;
            Stats.IcmpOut++;
            return data.Length;
        }
    }
}
