using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // One TCP connection (RFC 9293): its variables, its buffers and its
    // output. Input processing is in TcpConnection.Input.cs, timers in
    // TcpConnection.Timers.cs.
    //
    // Send buffer invariant: SendRing holds the bytes from sequence number
    // SendBase on (SendBase = ISS+1 once the SYN is counted, advancing as
    // data is acknowledged). Once the application shuts down writing
    // (FinQueued), the FIN occupies sequence number DataEnd = SendBase +
    // SendRing.Count, and nothing more is appended.
    internal sealed partial class TcpConnection
    {
        public const int DefaultBuffer = 64 * 1024;
        public const int DefaultMss = 536;
        public const long DelayedAckMs = 200;
        public const int MaxOutOfOrder = 64;
        public const int MaxSynRetries = 6;
        public const int MaxSynAckRetries = 5;
        public const int MaxRetries = 12;
        public const long FinWait2TimeoutMs = 60_000;

        public readonly NetStack Stack;
        public TcpState State;
        public uint LocalAddr, RemoteAddr;
        public int LocalPort, RemotePort;
        public Socket? Owner;            // null once the application closed it
        public TcpListener? Listener;    // passive, until accepted

        // Send sequence variables (RFC 9293 3.3.1); SndMax is the highest
        // SND.NXT reached, since SND.NXT goes back after a timeout.
        public uint Iss, SndUna, SndNxt, SndMax, SndWl1, SndWl2, SendBase;
        public long SndWnd;
        public long MaxSndWnd;
        public int SndScale, RcvScale;
        public int Mss = DefaultMss;
        public bool FinQueued;
        public ByteRing SendRing;

        // Receive sequence variables; RcvAdv is the right edge of the window
        // last advertised, which never moves left.
        public uint Irs, RcvNxt, RcvAdv;
        public bool FinReceived;
        public ByteRing RecvRing;
        private readonly List<OutOfOrder> _ooo = new List<OutOfOrder>();

        // Timers: absolute times in ms, 0 when not running.
        public long RetransmitAt, PersistAt, DelayedAckAt, TimeWaitAt, FinWait2At;
        public int Retries;
        public readonly RtoEstimator Rto = new RtoEstimator();
        public CongestionControl Cc;
        private bool _timing;
        private uint _timedSeq;
        private long _timedAt;
        private int _unacked;            // in-order segments received since our last ACK

        public int Error;                // pending error for the socket (a NetError)
        public bool NoDelay;
        public bool ShutRead;

        private sealed class OutOfOrder
        {
            public uint Seq;
            public byte[] Data = new byte[0];
            public bool Fin;
        }

        public TcpConnection(NetStack stack, uint localAddr, int localPort, uint remoteAddr, int remotePort,
            int sendBuffer, int receiveBuffer)
        {
            Stack = stack;
            LocalAddr = localAddr;
            LocalPort = localPort;
            RemoteAddr = remoteAddr;
            RemotePort = remotePort;
            SendRing = new ByteRing(sendBuffer);
            RecvRing = new ByteRing(receiveBuffer);
            RcvScale = ScaleFor(receiveBuffer);
            Iss = stack.InitialSequence(localAddr, localPort, remoteAddr, remotePort);
            SndUna = SndNxt = SndMax = Iss;
            SendBase = Iss + 1;
            Cc = new CongestionControl(Mss, Iss);
        }

        // Smallest shift that lets the 16-bit field express the whole buffer.
        public static int ScaleFor(int buffer)
        {
            int s = 0;
            while (s < 14 && (buffer >> s) > 65535)
                s++;
            return s;
        }

        public uint DataEnd => SendBase + (uint)SendRing.Count;
        public bool FinAcked => FinQueued && SndUna == DataEnd + 1;
        public int OutOfOrderCount => _ooo.Count;

        public bool Synchronized => State >= TcpState.Established;

        // What the receive window can be now, with receiver-side silly
        // window avoidance (RFC 9293 3.8.6.2.2): the right edge moves only
        // when it can move by min(buffer/2, MSS).
        public long ReceiveWindow()
        {
            long free = RecvRing.Free;
            long current = Math.Max(0, Seq.Diff(RcvAdv, RcvNxt));
            long max = 65535L << RcvScale;
            if (free - current >= Math.Min(RecvRing.Capacity / 2, Mss))
                return Math.Min(free, max);
            return Math.Min(current, max);
        }

        // ---- output ----

        // Builds and sends one segment: flags, seq, and len bytes of data
        // taken from the send buffer at seq. A SYN carries MSS and, when
        // negotiated or offered, window scale.
        private void SendSegment(int flags, uint seq, int len)
        {
            bool syn = (flags & TcpFlags.Syn) != 0;
            bool offerScale = syn && OfferScale;
            int optLength = syn ? (offerScale ? 8 : 4) : 0;
            int tcpLength = 20 + optLength + len;
            byte[] p = NetStack.Packet(NetStack.IpHeader + tcpLength);
            int t = NetStack.EthHeader + NetStack.IpHeader;
            NetBytes.Put16(p, t, LocalPort);
            NetBytes.Put16(p, t + 2, RemotePort);
            NetBytes.Put32(p, t + 4, seq);
            bool ack = (flags & TcpFlags.Ack) != 0;
            NetBytes.Put32(p, t + 8, ack ? RcvNxt : 0);
            p[t + 12] = (byte)(((20 + optLength) / 4) << 4);
            p[t + 13] = (byte)flags;
            long window;
            if (syn)
                window = Math.Min(RecvRing.Free, 65535);   // never scaled in a SYN (RFC 7323 2.2)
            else
            {
                window = ReceiveWindow();
                uint edge = RcvNxt + (uint)window;
                if (Seq.Gt(edge, RcvAdv))
                    RcvAdv = edge;
                window >>= RcvScale;
            }
            NetBytes.Put16(p, t + 14, (int)Math.Min(window, 65535));
            int o = t + 20;
            if (syn)
            {
                p[o] = 2;
                p[o + 1] = 4;
                NetBytes.Put16(p, o + 2, Stack.MtuFor(RemoteAddr) - 40);
                o += 4;
                if (offerScale)
                {
                    p[o] = 1;
                    p[o + 1] = 3;
                    p[o + 2] = 3;
                    p[o + 3] = (byte)RcvScale;
                    o += 4;
                }
            }
            if (len > 0)
                SendRing.Peek(Seq.Diff(seq, SendBase), new Span<byte>(p, o, len));
            uint sum = NetBytes.PseudoSum(LocalAddr, RemoteAddr, NetStack.ProtocolTcp, tcpLength);
            NetBytes.Put16(p, t + 16, NetBytes.Fold(NetBytes.Sum(new ReadOnlySpan<byte>(p, t, tcpLength), sum)));
            Stack.Stats.TcpOut++;
            if ((flags & TcpFlags.Rst) != 0)
                Stack.Stats.TcpResetsOut++;
            if (ack)
            {
                _unacked = 0;
                DelayedAckAt = 0;
            }
            Stack.IpSend(p, tcpLength, NetStack.ProtocolTcp, LocalAddr, RemoteAddr);
        }

        // Active opens always offer window scaling; a passive one answers
        // with the option only if the SYN carried it (RFC 7323 2.2).
        public bool OfferScale = true;

        // Window scaling is used only when both SYNs carried the option.
        public void NegotiateScale(int peerShift)
        {
            if (peerShift >= 0 && OfferScale)
                SndScale = Math.Min(peerShift, 14);
            else
            {
                SndScale = 0;
                RcvScale = 0;
                OfferScale = false;
            }
        }

        public void SetPeerMss(int peerMss)
        {
            int ours = Stack.MtuFor(RemoteAddr) - 40;
            int m = peerMss < 0 ? DefaultMss : peerMss;
            Mss = Math.Max(64, Math.Min(m, ours));
            Cc = new CongestionControl(Mss, Iss);
        }

        public void SendSyn()
        {
            int flags = TcpFlags.Syn | (State == TcpState.SynReceived ? TcpFlags.Ack : 0);
            if (SndMax == Iss && !_timing)
            {
                _timing = true;
                _timedSeq = Iss;
                _timedAt = Stack.Now;
            }
            SendSegment(flags, Iss, 0);
            SndNxt = Iss + 1;
            if (Seq.Gt(SndNxt, SndMax))
                SndMax = SndNxt;
            if (RetransmitAt == 0)
                RetransmitAt = Stack.Now + Rto.RtoMs;
        }

        public void SendAck()
        {
            if (State == TcpState.SynReceived)
                SendSegment(TcpFlags.Syn | TcpFlags.Ack, Iss, 0);
            else if (State != TcpState.Closed && State != TcpState.SynSent)
                SendSegment(TcpFlags.Ack, SndNxt, 0);
        }

        public void SendReset()
        {
            SendSegment(TcpFlags.Rst | TcpFlags.Ack, SndNxt, 0);
        }

        // Sends data (and the FIN after it) at seq, at most one MSS.
        private int SendFrom(uint seq, int maxLength)
        {
            int avail = Math.Max(0, Seq.Diff(DataEnd, seq));
            int len = Math.Min(Math.Min(avail, Mss), maxLength);
            bool fin = FinQueued && len == avail && (State == TcpState.FinWait1 || State == TcpState.Closing || State == TcpState.LastAck);
            if (len == 0 && !fin)
                return 0;
            int flags = TcpFlags.Ack | (fin ? TcpFlags.Fin : 0) | (len > 0 && len == avail ? TcpFlags.Psh : 0);
            SendSegment(flags, seq, len);
            return len + (fin ? 1 : 0);
        }

        private bool CanSendData =>
            State == TcpState.Established || State == TcpState.CloseWait || State == TcpState.FinWait1
            || State == TcpState.Closing || State == TcpState.LastAck;

        // Sends what the windows allow: new data from SND.NXT within
        // min(SND.WND, cwnd), with Nagle (unless NoDelay) and sender silly
        // window avoidance, then the FIN. Arms the retransmission timer for
        // anything sent and the persist timer when the peer's window is shut.
        public void Output()
        {
            if (!CanSendData)
                return;
            // Limited transmit (RFC 3042): the first two duplicate ACKs each
            // let one new segment out, so a small window still gathers the
            // three duplicates fast retransmit needs.
            long cwnd = Cc.Cwnd + (Cc.InRecovery ? 0 : Math.Min(Cc.DupAcks, 2) * (long)Mss);
            for (int guard = 0; guard < 1024; guard++)
            {
                long flight = Seq.Diff(SndNxt, SndUna);
                long usable = Math.Min(SndWnd, cwnd) - flight;
                int unsent = Math.Max(0, Seq.Diff(DataEnd, SndNxt));
                bool finDue = FinQueued && Seq.Le(SndNxt, DataEnd) && State != TcpState.Established && State != TcpState.CloseWait;
                int len = (int)Math.Min(Math.Min(unsent, Mss), Math.Max(usable, 0));
                bool withFin = finDue && len == unsent;
                if (len == 0 && !withFin)
                    break;
                // Sender silly window avoidance (RFC 9293 3.8.6.2.1): while
                // data is in flight, a window too small for a full segment or
                // half the largest window seen waits for the next ACK. With
                // nothing in flight the small segment goes at once, standing
                // in for the override timer.
                if (len < unsent && len < Mss && flight > 0 && len < MaxSndWnd / 2)
                    break;
                if (len == unsent && len < Mss && len > 0 && !withFin && flight > 0 && !NoDelay)
                    break;   // Nagle: one small segment in flight at a time
                bool fresh = SndNxt == SndMax;
                int sent = SendFrom(SndNxt, len);
                if (sent == 0)
                    break;
                if (fresh && !_timing)
                {
                    _timing = true;
                    _timedSeq = SndNxt;
                    _timedAt = Stack.Now;
                }
                SndNxt += (uint)sent;
                if (Seq.Gt(SndNxt, SndMax))
                    SndMax = SndNxt;
                if (RetransmitAt == 0)
                    RetransmitAt = Stack.Now + Rto.RtoMs;
                if (withFin)
                    break;
            }
            if (SndWnd == 0 && Seq.Diff(DataEnd, SndNxt) > 0 && SndNxt == SndUna && RetransmitAt == 0 && PersistAt == 0)
                PersistAt = Stack.Now + Rto.RtoMs;
        }

        // Retransmits the first unacknowledged segment (fast retransmit,
        // NewReno partial ACKs); Karn: the timing sample is abandoned.
        private void RetransmitFirst()
        {
            _timing = false;
            int sent = SendFrom(SndUna, Mss);
            if (sent > 0)
            {
                Stack.Stats.TcpRetransmits++;
                if (Seq.Gt(SndUna + (uint)sent, SndNxt))
                    SndNxt = SndUna + (uint)sent;
            }
        }

        // ---- the application's side ----

        public int Write(ReadOnlySpan<byte> data)
        {
            int n = SendRing.Write(data);
            Output();
            return n;
        }

        public int Read(Span<byte> into)
        {
            long before = Math.Max(0, Seq.Diff(RcvAdv, RcvNxt));
            int n = RecvRing.Read(into);
            // Tell a peer that may be waiting on a shut or small window as
            // soon as it opened by at least two segments or half the buffer.
            if (n > 0 && Synchronized && !FinReceived)
            {
                long now = ReceiveWindow();
                if (now - before >= Math.Min(2L * Mss, RecvRing.Capacity / 2))
                    SendAck();
            }
            return n;
        }

        // Shutdown for writing: the FIN follows the data already queued.
        public void ShutdownWrite()
        {
            if (FinQueued)
                return;
            switch (State)
            {
                case TcpState.SynSent:
                    Drop(0);
                    return;
                case TcpState.SynReceived:
                    FinQueued = true;   // sent once established
                    return;
                case TcpState.Established:
                    FinQueued = true;
                    State = TcpState.FinWait1;
                    break;
                case TcpState.CloseWait:
                    FinQueued = true;
                    State = TcpState.LastAck;
                    break;
                default:
                    return;
            }
            Output();
        }

        // The application let go. Unread data means it did not see all the
        // peer sent, which the peer learns by a RST (RFC 9293 3.6.1, RFC
        // 2525 2.17); otherwise the connection closes gracefully on its own.
        public void Close()
        {
            Owner = null;
            if (RecvRing.Count > 0 && Synchronized && State != TcpState.TimeWait)
            {
                Abort(0);
                return;
            }
            // Nobody will read: later data is acknowledged and discarded.
            ShutRead = true;
            RecvRing.Release();
            ShutdownWrite();
            if (State == TcpState.FinWait2 && FinWait2At == 0)
                FinWait2At = Stack.Now + FinWait2TimeoutMs;
        }

        // Ends the connection with a RST to the peer.
        public void Abort(int error)
        {
            if (State != TcpState.Closed && State != TcpState.SynSent && State != TcpState.TimeWait && State != TcpState.Listen)
                SendReset();
            Stack.Stats.TcpAborts++;
            Drop(error);
        }

        // Forgets the connection: the socket, if any, sees Closed and error.
        public void Drop(int error)
        {
            if (error != 0 && Error == 0)
                Error = error;
            State = TcpState.Closed;
            RetransmitAt = PersistAt = DelayedAckAt = TimeWaitAt = FinWait2At = 0;
            _ooo.Clear();
            SendRing.Consume(SendRing.Count);
            SendRing.Release();
            if (Owner == null)
                RecvRing.Release();
            if (Listener != null)
            {
                Listener.Pending.Remove(this);
                Listener.Ready.Remove(this);
                Listener = null;
            }
            Stack.TcpForget(this);
        }

        private void EnterTimeWait()
        {
            State = TcpState.TimeWait;
            RetransmitAt = PersistAt = FinWait2At = 0;
            SendRing.Release();   // everything, FIN included, was acknowledged
            if (Owner == null)
                RecvRing.Release();
            TimeWaitAt = Stack.Now + 2 * Stack.MslMs;
        }
    }
}
