using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // ICMP (RFC 792): echo request answered with an echo reply carrying the
    // same identifier, sequence number and data; echo replies delivered to
    // the ICMP socket whose identifier they carry. Broadcast pings are not
    // answered (RFC 1122 3.2.2.6 allows either; silence is the safe one).
    // Header: type(1) code(1) checksum(2) identifier(2) sequence(2).
    //
    // Errors: a UDP datagram to a closed port is answered with destination
    // unreachable / port unreachable (RFC 1122 4.1.3.1), quoting its IP
    // header and first 8 bytes, never for broadcasts, fragments or ICMP,
    // at most one per ErrorIntervalMs. An unreachable that quotes a packet
    // of ours ends a connected UDP socket's wait (ECONNREFUSED once) and a
    // TCP connect still in SYN-SENT whose SYN it quotes exactly.
    public sealed partial class NetStack
    {
        public const int IcmpEchoReply = 0;
        public const int IcmpUnreachable = 3;
        public const int IcmpEchoRequest = 8;
        public const int IcmpPortUnreachable = 3;
        public const long ErrorIntervalMs = 10;
        private long _lastIcmpError = long.MinValue / 2;   // far past, without overflow in now - last

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
            if (type == IcmpUnreachable)
            {
                Stats.IcmpUnreachablesIn++;
                IcmpUnreachableInput(buf[off + 1], buf, off + 8, len - 8);
                return;
            }
            Stats.IcmpOtherTypes++;
        }

        // The quoted packet: an IP header and at least 8 bytes of its payload.
        private void IcmpUnreachableInput(int code, byte[] buf, int off, int len)
        {
            if (len < IpHeader + 8 || (buf[off] >> 4) != 4)
            {
                Stats.IcmpMalformed++;
                return;
            }
            int ihl = (buf[off] & 15) * 4;
            if (ihl < IpHeader || ihl + 8 > len)
            {
                Stats.IcmpMalformed++;
                return;
            }
            uint src = NetBytes.U32(buf, off + 12), dst = NetBytes.U32(buf, off + 16);
            int protocol = buf[off + 9];
            int t = off + ihl;
            int sport = NetBytes.U16(buf, t), dport = NetBytes.U16(buf, t + 2);
            if (!IsLocalAddress(src))
                return;
            int error = code == 2 || code == 3 ? NetError.ConnectionRefused
                : code == 0 || code == 6 ? NetError.NetworkUnreachable : NetError.HostUnreachable;
            if (protocol == ProtocolUdp)
            {
                for (int i = 0; i < _sockets.Count; i++)
                {
                    Socket? s = _sockets[i];
                    if (s != null && s.Kind == SocketKind.Udp && s.Connected && s.LocalPort == sport
                        && s.RemoteAddr == dst && s.RemotePort == dport)
                        s.Error = error;
                }
            }
            else if (protocol == ProtocolTcp)
            {
                // Only a SYN-SENT connect gives up, and only on a quote of
                // its very SYN, so a forged error cannot end a connection
                // (RFC 5927); later errors are soft and ignored.
                TcpConnection? c = FindConnection(src, sport, dst, dport);
                if (c != null && c.State == TcpState.SynSent && NetBytes.U32(buf, t + 4) == c.Iss)
                    c.Drop(error);
            }
        }

        private void IcmpSendError(int type, int code, byte[] buf, int ipOff, int quoteLength)
        {
            uint origSrc = NetBytes.U32(buf, ipOff + 12);
            if (origSrc == 0 || origSrc == IpAddress.Broadcast || IpAddress.IsMulticast(origSrc))
                return;
            if (_now - _lastIcmpError < ErrorIntervalMs)
            {
                Stats.IcmpErrorsLimited++;
                return;
            }
            _lastIcmpError = _now;
            int len = 8 + quoteLength;
            byte[] p = Packet(IpHeader + len);
            int i = EthHeader + IpHeader;
            p[i] = (byte)type;
            p[i + 1] = (byte)code;
            new ReadOnlySpan<byte>(buf, ipOff, quoteLength).CopyTo(new Span<byte>(p, i + 8, quoteLength));
            NetBytes.Put16(p, i + 2, NetBytes.Checksum(new ReadOnlySpan<byte>(p, i, len)));
            Stats.IcmpOut++;
            Stats.IcmpErrorsOut++;
            IpSend(p, len, ProtocolIcmp, NetBytes.U32(buf, ipOff + 16), origSrc);
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
