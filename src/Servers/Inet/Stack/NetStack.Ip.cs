using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // IPv4 (RFC 791, RFC 1122 host requirements). Receive: header checks,
    // checksum, our address or a broadcast, reassembly; no forwarding and no
    // options acted on. Send: 20-byte header, TTL 64; TCP segments fit the
    // MSS, bigger UDP and ICMP packets are fragmented.
    public sealed partial class NetStack
    {
        public const int IpHeader = 20;
        public const int ProtocolIcmp = 1;
        public const int ProtocolTcp = 6;
        public const int ProtocolUdp = 17;
        public const int DefaultTtl = 64;

        private readonly Reassembly _reassembly = new Reassembly();
        private ushort _ipId;

        private void IpInput(NetInterface ifc, byte[] buf, int off, int len)
        {
            Stats.IpIn++;
            if (len < IpHeader || (buf[off] >> 4) != 4)
            {
                Stats.IpMalformed++;
                return;
            }
            int ihl = (buf[off] & 15) * 4;
            int total = NetBytes.U16(buf, off + 2);
            if (ihl < IpHeader || ihl > len)
            {
                Stats.IpMalformed++;
                return;
            }
            if (total < ihl || total > len)
            {
                Stats.IpBadLength++;
                return;
            }
            if (NetBytes.Checksum(new ReadOnlySpan<byte>(buf, off, ihl)) != 0)
            {
                Stats.IpBadChecksum++;
                return;
            }
            if (buf[off + 8] == 0)
            {
                Stats.IpBadTtl++;
                return;
            }
            uint src = NetBytes.U32(buf, off + 12);
            uint dst = NetBytes.U32(buf, off + 16);
            if (src == IpAddress.Broadcast || IpAddress.IsMulticast(src) || (IpAddress.IsLoopback(src) && !ifc.IsLoopback))
            {
                Stats.IpMalformed++;
                return;
            }
            int protocol = buf[off + 9];
            bool broadcast = ifc.IsBroadcastFor(dst);
            bool ours = ifc.IsLoopback ? IsLocalAddress(dst)
                : dst == ifc.Address || broadcast
                  // Unconfigured and asking DHCP: the offer may be unicast to
                  // the address being offered.
                  || (ifc.Address == 0 && ifc.Dhcp != null && protocol == ProtocolUdp);
            if (!ours)
            {
                Stats.IpNotForUs++;
                return;
            }
            int frag = NetBytes.U16(buf, off + 6);
            bool more = (frag & 0x2000) != 0;
            int fragOffset = (frag & 0x1FFF) * 8;
            if (more || fragOffset != 0)
            {
                Stats.IpFragmentsIn++;
                if (!_reassembly.Add(src, dst, NetBytes.U16(buf, off + 4), protocol, fragOffset, more,
                        new ReadOnlySpan<byte>(buf, off + ihl, total - ihl), _now, Stats, out byte[] whole, out int length))
                    return;
                TransportInput(ifc, src, dst, protocol, broadcast, whole, 0, length, -1);
                return;
            }
            TransportInput(ifc, src, dst, protocol, broadcast, buf, off + ihl, total - ihl, off);
        }

        // ipOff: where the IP header starts in buf, for an ICMP error that
        // quotes it; -1 for a reassembled datagram (no error is sent).
        private void TransportInput(NetInterface ifc, uint src, uint dst, int protocol, bool broadcast, byte[] buf, int off, int len, int ipOff)
        {
            if (protocol == ProtocolTcp)
            {
                if (!broadcast)
                    TcpInput(src, dst, buf, off, len);
                else
                    Stats.TcpMalformed++;
            }
            else if (protocol == ProtocolUdp)
                UdpInput(ifc, src, dst, broadcast, buf, off, len, ipOff);
            else if (protocol == ProtocolIcmp)
                IcmpInput(src, dst, broadcast, buf, off, len);
            else
                Stats.IpUnknownProtocol++;
        }

        // True for any address of ours, on any interface, and 127/8.
        public bool IsLocalAddress(uint a)
        {
            if (IpAddress.IsLoopback(a))
                return true;
            for (int i = 1; i < _interfaces.Count; i++)
                if (_interfaces[i].Address == a && a != 0)
                    return true;
            return false;
        }

        // The interface a packet to dst leaves by and its next hop: loopback
        // for our own addresses, a directly attached subnet, else the first
        // interface with a default router. Null when there is no route.
        // An interface whose driver is stopped carries nothing.
        internal NetInterface? Route(uint dst, out uint nextHop)
        {
            nextHop = dst;
            if (IsLocalAddress(dst))
                return _interfaces[0];
            for (int i = 1; i < _interfaces.Count; i++)
                if (!_interfaces[i].DriverDown && _interfaces[i].OnLink(dst))
                    return _interfaces[i];
            for (int i = 1; i < _interfaces.Count; i++)
            {
                NetInterface ifc = _interfaces[i];
                if (ifc.DriverDown)
                    continue;
                if (dst == IpAddress.Broadcast)
                    return ifc;
                if (ifc.Gateway != 0 && ifc.Address != 0)
                {
                    nextHop = ifc.Gateway;
                    return ifc;
                }
            }
            return null;
        }

        // The source address a packet to dst carries; 0 if unroutable.
        public uint SourceFor(uint dst)
        {
            NetInterface? ifc = Route(dst, out _);
            if (ifc == null)
                return 0;
            if (ifc.IsLoopback)
                return IpAddress.IsLoopback(dst) ? IpAddress.Loopback : dst;
            return ifc.Address;
        }

        internal int MtuFor(uint dst)
        {
            NetInterface? ifc = Route(dst, out _);
            return ifc == null ? 576 : ifc.Mtu;
        }

        // Sends pkt, whose payload (payloadLength bytes) already sits after
        // room for the Ethernet and IP headers. Via forces an interface (the
        // DHCP client broadcasting before it has an address).
        internal int IpSend(byte[] pkt, int payloadLength, int protocol, uint src, uint dst, NetInterface? via = null)
        {
            uint nextHop = dst;
            NetInterface? ifc = via ?? Route(dst, out nextHop);
            if (ifc == null)
            {
                Stats.IpNoRoute++;
                return NetError.NetworkUnreachable;
            }
            int total = IpHeader + payloadLength;
            int id = _ipId++;
            if (total > ifc.Mtu)
            {
                // TCP sizes its segments to the MSS; anything else too big
                // for the link leaves in fragments of a multiple of 8 bytes.
                if (protocol == ProtocolTcp || total > 65535)
                {
                    Stats.IpTooBig++;
                    return NetError.MessageTooLong;
                }
                int chunk = (ifc.Mtu - IpHeader) & ~7;
                for (int at = 0; at < payloadLength; at += chunk)
                {
                    int n = Math.Min(chunk, payloadLength - at);
                    byte[] f = Packet(IpHeader + n);
                    new ReadOnlySpan<byte>(pkt, EthHeader + IpHeader + at, n).CopyTo(new Span<byte>(f, EthHeader + IpHeader, n));
                    int word = (at / 8) | (at + n < payloadLength ? 0x2000 : 0);
                    IpHeaderFill(f, IpHeader + n, id, word, protocol, src, dst);
                    IpDeliver(ifc, nextHop, dst, f, IpHeader + n);
                }
                return NetError.Ok;
            }
            IpHeaderFill(pkt, total, id, 0, protocol, src, dst);
            IpDeliver(ifc, nextHop, dst, pkt, total);
            return NetError.Ok;
        }

        private static void IpHeaderFill(byte[] pkt, int total, int id, int fragWord, int protocol, uint src, uint dst)
        {
            const int h = EthHeader;
            pkt[h] = 0x45;
            pkt[h + 1] = 0;
            NetBytes.Put16(pkt, h + 2, total);
            NetBytes.Put16(pkt, h + 4, id);
            NetBytes.Put16(pkt, h + 6, fragWord);
            pkt[h + 8] = DefaultTtl;
            pkt[h + 9] = (byte)protocol;
            NetBytes.Put16(pkt, h + 10, 0);
            NetBytes.Put32(pkt, h + 12, src);
            NetBytes.Put32(pkt, h + 16, dst);
            NetBytes.Put16(pkt, h + 10, NetBytes.Checksum(new ReadOnlySpan<byte>(pkt, h, IpHeader)));
        }

        private void IpDeliver(NetInterface ifc, uint nextHop, uint dst, byte[] pkt, int total)
        {
            Stats.IpOut++;
            if (ifc.IsLoopback)
            {
                ifc.PacketsOut++;
                ifc.PacketsIn++;
                ifc.BytesOut += total;
                ifc.BytesIn += total;
                _loopback.Add(pkt);
                _loopbackLength.Add(total);
            }
            else if (ifc.IsBroadcastFor(dst))
                EthernetSend(ifc, pkt, total, BroadcastMac, EtherTypeIp);
            else
                ArpOutput(ifc, nextHop, pkt, total);
        }
    }
}
