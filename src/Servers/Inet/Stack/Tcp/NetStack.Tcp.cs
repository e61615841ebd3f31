using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // TCP demultiplexing: header and checksum checks, options, finding the
    // connection (or listener) a segment belongs to, passive opens with a
    // bounded backlog, and RSTs for segments that belong to nothing.
    public sealed partial class NetStack
    {
        private readonly List<TcpConnection> _tcp = new List<TcpConnection>();
        private readonly List<TcpListener> _listeners = new List<TcpListener>();
        private ulong _isnSecret;

        public int TcpConnectionCount => _tcp.Count;

        internal TcpConnection TcpConnectionAt(int i) => _tcp[i];

        private void TcpInput(uint src, uint dst, byte[] buf, int off, int len)
        {
            Stats.TcpIn++;
            if (len < 20)
            {
                Stats.TcpMalformed++;
                return;
            }
            int doff = (buf[off + 12] >> 4) * 4;
            if (doff < 20 || doff > len)
            {
                Stats.TcpMalformed++;
                return;
            }
            uint sum = NetBytes.PseudoSum(src, dst, ProtocolTcp, len);
            if (NetBytes.Fold(NetBytes.Sum(new ReadOnlySpan<byte>(buf, off, len), sum)) != 0)
            {
                Stats.TcpBadChecksum++;
                return;
            }
            var seg = new TcpSegment
            {
                Src = src,
                Dst = dst,
                SrcPort = NetBytes.U16(buf, off),
                DstPort = NetBytes.U16(buf, off + 2),
                Seq = NetBytes.U32(buf, off + 4),
                Ack = NetBytes.U32(buf, off + 8),
                Flags = buf[off + 13] & 0x3F,
                Window = NetBytes.U16(buf, off + 14),
                Buffer = buf,
                DataOffset = off + doff,
                DataLength = len - doff,
                Mss = -1,
                WindowScale = -1,
            };
            if (seg.SrcPort == 0 || seg.DstPort == 0
                || (seg.Has(TcpFlags.Syn) && (seg.Has(TcpFlags.Fin) || seg.Has(TcpFlags.Rst))))
            {
                Stats.TcpMalformed++;
                return;
            }
            if (!ParseOptions(buf, off + 20, doff - 20, ref seg))
            {
                Stats.TcpBadOptions++;
                return;
            }
            TcpConnection? c = FindConnection(dst, seg.DstPort, src, seg.SrcPort);
            TcpListener? l = FindListener(dst, seg.DstPort);
            if (c != null && c.State == TcpState.TimeWait && l != null && seg.Flags == TcpFlags.Syn && Seq.Gt(seg.Seq, c.RcvNxt))
            {
                // A new incarnation of a connection we hold in TIME-WAIT,
                // starting beyond everything the old one sent: let the old
                // one go and open the new one (RFC 1122 4.2.2.13, RFC 6191).
                c.Drop(0);
                c = null;
            }
            if (c != null)
            {
                c.Input(ref seg);
                return;
            }
            if (l != null && !seg.Has(TcpFlags.Rst))
            {
                if (seg.Has(TcpFlags.Ack))
                    TcpSendReset(dst, seg.DstPort, src, seg.SrcPort, seg.Ack, 0, false);
                else if (seg.Has(TcpFlags.Syn))
                    ListenInput(l, ref seg);
                return;
            }
            Stats.TcpNoConnection++;
            if (seg.Has(TcpFlags.Rst))
                return;
            if (seg.Has(TcpFlags.Ack))
                TcpSendReset(dst, seg.DstPort, src, seg.SrcPort, seg.Ack, 0, false);
            else
                TcpSendReset(dst, seg.DstPort, src, seg.SrcPort, 0, seg.Seq + (uint)seg.Length, true);
        }

        // Options: kind 0 ends, kind 1 pads, every other kind has a length
        // byte of at least 2 that must stay within the header. MSS (kind 2,
        // length 4) and window scale (kind 3, length 3) are read from SYNs.
        internal static bool ParseOptions(byte[] buf, int off, int len, ref TcpSegment seg)
        {
            int i = 0;
            while (i < len)
            {
                int kind = buf[off + i];
                if (kind == 0)
                    break;
                if (kind == 1)
                {
                    i++;
                    continue;
                }
                if (i + 1 >= len)
                    return false;
                int olen = buf[off + i + 1];
                if (olen < 2 || i + olen > len)
                    return false;
                if (kind == 2)
                {
                    if (olen != 4)
                        return false;
                    if (seg.Has(TcpFlags.Syn))
                        seg.Mss = NetBytes.U16(buf, off + i + 2);
                }
                else if (kind == 3)
                {
                    if (olen != 3)
                        return false;
                    if (seg.Has(TcpFlags.Syn))
                        seg.WindowScale = buf[off + i + 2];
                }
                i += olen;
            }
            return true;
        }

        // Interface `index` has a new driver: each connection through it
        // (its local address is the interface's) resends what may have
        // been lost with the old one (TcpConnection.DriverRestarted).
        // Returns how many connections did.
        public int DriverRestarted(int index, long now)
        {
            uint address = Interface(index).Address;
            int resumed = 0;
            Enter(now);
            for (int i = 0; i < _tcp.Count; i++)
            {
                TcpConnection c = _tcp[i];
                if (c.LocalAddr != address || address == 0 || c.State == TcpState.Closed)
                    continue;
                c.DriverRestarted();
                resumed++;
            }
            Leave();
            return resumed;
        }

        // Interface `index`'s driver was stopped for good (down) or started
        // again. While it is down no route leads through it, and the
        // connections through it end at once with NetworkDown: their
        // readers and writers fail now instead of waiting for TCP to give
        // up on a link nothing will carry. Returns how many ended.
        public int SetDriverDown(int index, bool down, long now)
        {
            NetInterface ifc = Interface(index);
            ifc.DriverDown = down;
            if (!down || ifc.Address == 0)
                return 0;
            int ended = 0;
            Enter(now);
            for (int i = 0; i < _tcp.Count; i++)
            {
                TcpConnection c = _tcp[i];
                if (c.LocalAddr != ifc.Address || c.State == TcpState.Closed)
                    continue;
                c.Drop(NetError.NetworkDown);
                ended++;
            }
            Leave();
            return ended;
        }

        internal TcpConnection? FindConnection(uint local, int localPort, uint remote, int remotePort)
        {
            for (int i = 0; i < _tcp.Count; i++)
            {
                TcpConnection c = _tcp[i];
                if (c.LocalPort == localPort && c.RemotePort == remotePort && c.RemoteAddr == remote
                    && c.LocalAddr == local && c.State != TcpState.Closed)
                    return c;
            }
            return null;
        }

        private TcpListener? FindListener(uint local, int port)
        {
            TcpListener? wild = null;
            for (int i = 0; i < _listeners.Count; i++)
            {
                TcpListener l = _listeners[i];
                if (l.Port != port)
                    continue;
                if (l.Address == local)
                    return l;
                if (l.Address == 0)
                    wild = l;
            }
            return wild;
        }

        private void ListenInput(TcpListener l, ref TcpSegment seg)
        {
            if (l.Full)
            {
                Stats.TcpSynBacklogFull++;
                return;
            }
            Socket s = l.Owner;
            var c = new TcpConnection(this, seg.Dst, seg.DstPort, seg.Src, seg.SrcPort, s.SendBuffer, s.ReceiveBuffer);
            c.NoDelay = s.NoDelay;
            c.State = TcpState.SynReceived;
            c.Listener = l;
            c.Irs = seg.Seq;
            c.RcvNxt = seg.Seq + 1;
            c.RcvAdv = c.RcvNxt + (uint)Math.Min(c.RecvRing.Free, 65535);
            c.NegotiateScale(seg.WindowScale);
            c.SetPeerMss(seg.Mss);
            c.SndWnd = seg.Window;
            c.MaxSndWnd = seg.Window;
            c.SndWl1 = seg.Seq;
            l.Pending.Add(c);
            _tcp.Add(c);
            Stats.TcpPassiveOpens++;
            c.SendSyn();
        }

        // A RST for a segment with no connection (RFC 9293 3.10.7.1): with
        // the segment's ACK as our sequence, or sequence 0 acknowledging it.
        internal void TcpSendReset(uint local, int localPort, uint remote, int remotePort, uint seq, uint ack, bool withAck)
        {
            byte[] p = Packet(IpHeader + 20);
            int t = EthHeader + IpHeader;
            NetBytes.Put16(p, t, localPort);
            NetBytes.Put16(p, t + 2, remotePort);
            NetBytes.Put32(p, t + 4, seq);
            NetBytes.Put32(p, t + 8, withAck ? ack : 0);
            p[t + 12] = 5 << 4;
            p[t + 13] = (byte)(TcpFlags.Rst | (withAck ? TcpFlags.Ack : 0));
            uint sum = NetBytes.PseudoSum(local, remote, ProtocolTcp, 20);
            NetBytes.Put16(p, t + 16, NetBytes.Fold(NetBytes.Sum(new ReadOnlySpan<byte>(p, t, 20), sum)));
            Stats.TcpOut++;
            Stats.TcpResetsOut++;
            IpSend(p, 20, ProtocolTcp, local, remote);
        }

        internal void TcpForget(TcpConnection c) => _tcp.Remove(c);

        private void TcpTick()
        {
            // Backwards: a connection may forget itself while ticking.
            for (int i = _tcp.Count - 1; i >= 0; i--)
                if (i < _tcp.Count)
                    _tcp[i].Tick(_now);
        }

        // RFC 6528: a clock that ticks every 4 us plus a keyed hash of the
        // connection's addresses and ports, so sequence numbers neither
        // repeat soon for one connection nor can be guessed across them.
        internal uint InitialSequence(uint local, int localPort, uint remote, int remotePort)
        {
            ulong h = _isnSecret ^ ((ulong)local << 32 | remote) ^ ((ulong)(uint)localPort << 16 | (uint)remotePort) * 0x9E3779B97F4A7C15UL;
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCDUL;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53UL;
            h ^= h >> 33;
            return (uint)h + (uint)(_now * 250);
        }
    }
}
