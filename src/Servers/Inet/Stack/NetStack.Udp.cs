using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // UDP (RFC 768): header src port(2) dst port(2) length(2) checksum(2).
    // A zero checksum means "none" on receive; we always send one (a sum of
    // zero goes out as 0xFFFF). Datagrams wait in the socket's queue up to
    // its receive buffer size; beyond that they are dropped and counted.
    public sealed partial class NetStack
    {
        public const int UdpHeader = 8;
        public const int DhcpClientPort = 68;

        private void UdpInput(NetInterface ifc, uint src, uint dst, bool broadcast, byte[] buf, int off, int len, int ipOff)
        {
            Stats.UdpIn++;
            if (len < UdpHeader)
            {
                Stats.UdpMalformed++;
                return;
            }
            int ulen = NetBytes.U16(buf, off + 4);
            if (ulen < UdpHeader || ulen > len)
            {
                Stats.UdpMalformed++;
                return;
            }
            if (NetBytes.U16(buf, off + 6) != 0)
            {
                uint sum = NetBytes.PseudoSum(src, dst, ProtocolUdp, ulen);
                if (NetBytes.Fold(NetBytes.Sum(new ReadOnlySpan<byte>(buf, off, ulen), sum)) != 0)
                {
                    Stats.UdpBadChecksum++;
                    return;
                }
            }
            int srcPort = NetBytes.U16(buf, off);
            int dstPort = NetBytes.U16(buf, off + 2);
            var payload = new ReadOnlySpan<byte>(buf, off + UdpHeader, ulen - UdpHeader);
            if (dstPort == DhcpClientPort && ifc.Dhcp != null)
            {
                ifc.Dhcp.Input(payload, _now);
                return;
            }
            Socket? best = null;
            for (int i = 0; i < _sockets.Count; i++)
            {
                Socket? s = _sockets[i];
                if (s == null || s.Kind != SocketKind.Udp || !s.Bound || s.LocalPort != dstPort)
                    continue;
                if (s.LocalAddr != 0 && s.LocalAddr != dst && !broadcast)
                    continue;
                if (s.Connected && (s.RemoteAddr != src || s.RemotePort != srcPort))
                    continue;
                // A connected or address-bound socket is the better match.
                if (best == null || s.Connected || s.LocalAddr != 0)
                    best = s;
            }
            if (best == null)
            {
                Stats.UdpNoPort++;
                if (!broadcast && ipOff >= 0)
                    IcmpSendError(IcmpUnreachable, IcmpPortUnreachable, buf, ipOff, off + Math.Min(ulen, 8) - ipOff);
                return;
            }
            if (best.QueuedBytes + payload.Length > best.ReceiveBuffer)
            {
                Stats.UdpQueueFull++;
                return;
            }
            var d = new Socket.Datagram { Data = payload.ToArray(), Address = src, Port = srcPort };
            best.Datagrams.Enqueue(d);
            best.QueuedBytes += d.Data.Length;
        }

        internal int UdpSend(uint src, int srcPort, uint dst, int dstPort, ReadOnlySpan<byte> data, NetInterface? via)
        {
            if (src == 0 && via == null)
            {
                src = SourceFor(dst);
                if (src == 0 && dst != IpAddress.Broadcast)
                    return NetError.NetworkUnreachable;
            }
            int ulen = UdpHeader + data.Length;
            if (ulen > 65535 - IpHeader)
                return NetError.MessageTooLong;
            byte[] p = Packet(IpHeader + ulen);
            int u = EthHeader + IpHeader;
            NetBytes.Put16(p, u, srcPort);
            NetBytes.Put16(p, u + 2, dstPort);
            NetBytes.Put16(p, u + 4, ulen);
            data.CopyTo(new Span<byte>(p, u + UdpHeader, data.Length));
            ushort c = NetBytes.Fold(NetBytes.Sum(new ReadOnlySpan<byte>(p, u, ulen), NetBytes.PseudoSum(src, dst, ProtocolUdp, ulen)));
            NetBytes.Put16(p, u + 6, c == 0 ? 0xFFFF : c);
            int r = IpSend(p, ulen, ProtocolUdp, src, dst, via);
            if (r < 0)
                return r;
            Stats.UdpOut++;
            return data.Length;
        }
    }
}
