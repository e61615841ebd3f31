using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // Segment arrival (RFC 9293 3.10.7) for a connection that exists:
    // SYN-SENT, then for every other state the sequence check, RST, SYN,
    // ACK, data and FIN steps in that order. RST and SYN checks follow RFC
    // 5961: only a RST at exactly RCV.NXT resets, any other in the window
    // (and any SYN) draws a challenge ACK; ACKs outside
    // [SND.UNA - MAX.SND.WND, SND.MAX] are answered, never used.
    internal sealed partial class TcpConnection
    {
        public void Input(ref TcpSegment seg)
        {
            if (State == TcpState.SynSent)
            {
                SynSentInput(ref seg);
                return;
            }
            if (State == TcpState.Closed || State == TcpState.Listen)
                return;
            if (State == TcpState.SynReceived && seg.Has(TcpFlags.Syn) && seg.Has(TcpFlags.Ack) && seg.Seq == Irs)
            {
                // Simultaneous open: the peer's SYN-ACK repeats the SYN we
                // already took; what is new is its ACK of ours.
                seg.Seq++;
                seg.Flags &= ~TcpFlags.Syn;
            }
            if (!Acceptable(ref seg))
            {
                Stack.Stats.TcpOutOfWindow++;
                if (!seg.Has(TcpFlags.Rst))
                {
                    if (State == TcpState.TimeWait && seg.Has(TcpFlags.Fin))
                        TimeWaitAt = Stack.Now + 2 * Stack.MslMs;
                    SendAck();
                }
                return;
            }
            if (seg.Has(TcpFlags.Rst))
            {
                Stack.Stats.TcpResetsIn++;
                if (seg.Seq == RcvNxt)
                    Drop(State == TcpState.SynReceived ? (Owner != null ? NetError.ConnectionRefused : 0)
                        : State == TcpState.TimeWait || State == TcpState.Closing || State == TcpState.LastAck ? 0
                        : NetError.ConnectionReset);
                else
                    ChallengeAck();
                return;
            }
            if (seg.Has(TcpFlags.Syn))
            {
                ChallengeAck();
                return;
            }
            if (!seg.Has(TcpFlags.Ack))
                return;
            if (State == TcpState.SynReceived)
            {
                if (!Seq.Gt(seg.Ack, SndUna) || Seq.Gt(seg.Ack, SndMax))
                {
                    Stack.TcpSendReset(LocalAddr, LocalPort, RemoteAddr, RemotePort, seg.Ack, 0, false);
                    return;
                }
                Establish(ref seg);
                SndWnd = (long)seg.Window << SndScale;
                MaxSndWnd = Math.Max(MaxSndWnd, SndWnd);
                SndWl1 = seg.Seq;
                SndWl2 = seg.Ack;
            }
            if (!ProcessAck(ref seg))
                return;
            switch (State)
            {
                case TcpState.FinWait1:
                    if (FinAcked)
                    {
                        State = TcpState.FinWait2;
                        if (Owner == null)
                            FinWait2At = Stack.Now + FinWait2TimeoutMs;
                    }
                    break;
                case TcpState.Closing:
                    if (FinAcked)
                        EnterTimeWait();
                    break;
                case TcpState.LastAck:
                    if (FinAcked)
                    {
                        Drop(0);
                        return;
                    }
                    break;
            }
            ProcessData(ref seg);
            Output();
        }

        // RFC 9293 3.10.7.4 first check, with the zero-window allowance for
        // a segment at exactly RCV.NXT so its ACK and RST are still seen.
        private bool Acceptable(ref TcpSegment seg)
        {
            long wnd = Math.Max(0, Seq.Diff(RcvAdv, RcvNxt));
            int len = seg.Length;
            if (wnd == 0)
                return seg.Seq == RcvNxt;
            uint end = RcvNxt + (uint)wnd;
            if (len == 0)
                return Seq.InRange(seg.Seq, RcvNxt, end);
            return Seq.InRange(seg.Seq, RcvNxt, end) || Seq.InRange(seg.Seq + (uint)len - 1, RcvNxt, end);
        }

        private void ChallengeAck()
        {
            Stack.Stats.TcpChallengeAcks++;
            SendAck();
        }

        private void SynSentInput(ref TcpSegment seg)
        {
            bool ackOk = false;
            if (seg.Has(TcpFlags.Ack))
            {
                if (Seq.Le(seg.Ack, Iss) || Seq.Gt(seg.Ack, SndMax))
                {
                    if (!seg.Has(TcpFlags.Rst))
                        Stack.TcpSendReset(LocalAddr, LocalPort, RemoteAddr, RemotePort, seg.Ack, 0, false);
                    return;
                }
                ackOk = true;
            }
            if (seg.Has(TcpFlags.Rst))
            {
                Stack.Stats.TcpResetsIn++;
                if (ackOk)
                    Drop(NetError.ConnectionRefused);
                return;
            }
            if (!seg.Has(TcpFlags.Syn))
                return;
            Irs = seg.Seq;
            RcvNxt = seg.Seq + 1;
            RcvAdv = RcvNxt + (uint)Math.Min(RecvRing.Free, 65535);
            NegotiateScale(seg.WindowScale);
            SetPeerMss(seg.Mss);
            SndWnd = seg.Window;   // a SYN's window is never scaled
            MaxSndWnd = SndWnd;
            SndWl1 = seg.Seq;
            SndWl2 = seg.Ack;
            if (ackOk)
            {
                if (_timing && Seq.Gt(seg.Ack, _timedSeq))
                    Rto.Sample(Stack.Now - _timedAt);
                _timing = false;
                SndUna = seg.Ack;
                Retries = 0;
                RetransmitAt = 0;
                State = TcpState.Established;
                SendAck();
                Output();
            }
            else
            {
                // Simultaneous open: answer with our SYN again, now with ACK.
                State = TcpState.SynReceived;
                SendSyn();
            }
        }

        private void Establish(ref TcpSegment seg)
        {
            if (_timing && Seq.Gt(seg.Ack, _timedSeq))
                Rto.Sample(Stack.Now - _timedAt);
            _timing = false;
            SndUna = Iss + 1;
            if (Seq.Lt(SndNxt, SndUna))
                SndNxt = SndUna;
            Retries = 0;
            RetransmitAt = 0;
            State = FinQueued ? TcpState.FinWait1 : TcpState.Established;
            if (Listener != null)
            {
                Listener.Pending.Remove(this);
                Listener.Ready.Add(this);
            }
        }

        // The ACK field and the window (RFC 9293 3.10.7.4 fifth check,
        // RFC 5681 duplicate ACKs, RFC 6582 recovery). False: drop the rest.
        private bool ProcessAck(ref TcpSegment seg)
        {
            uint ack = seg.Ack;
            if (Seq.Gt(ack, SndMax) || Seq.Lt(ack, SndUna - (uint)Math.Min(MaxSndWnd, int.MaxValue)))
            {
                SendAck();
                return false;
            }
            long window = (long)seg.Window << SndScale;
            if (Seq.Gt(ack, SndUna))
            {
                long acked = Seq.Diff(ack, SndUna);
                if (_timing && Seq.Gt(ack, _timedSeq))
                {
                    Rto.Sample(Stack.Now - _timedAt);
                    _timing = false;
                }
                Retries = 0;
                PersistAt = 0;
                int dataAcked = Seq.Diff(Seq.Min(ack, DataEnd), SendBase);
                if (dataAcked > 0)
                {
                    SendRing.Consume(dataAcked);
                    SendBase += (uint)dataAcked;
                }
                AckAction action = Cc.OnNewAck(ack, acked, Seq.Diff(SndMax, ack));
                SndUna = ack;
                if (Seq.Lt(SndNxt, SndUna))
                    SndNxt = SndUna;
                RetransmitAt = SndUna == SndMax ? 0 : Stack.Now + Rto.RtoMs;
                if (action == AckAction.PartialAck)
                    RetransmitFirst();
            }
            else if (ack == SndUna && seg.DataLength == 0 && !seg.Has(TcpFlags.Syn) && !seg.Has(TcpFlags.Fin)
                     && window == SndWnd && SndMax != SndUna)
            {
                Stack.Stats.TcpDupAcks++;
                DupAckAction action = Cc.OnDupAck(ack, Seq.Diff(SndMax, SndUna), SndMax);
                if (action == DupAckAction.FastRetransmit)
                {
                    Stack.Stats.TcpFastRetransmits++;
                    RetransmitFirst();
                }
            }
            if (Seq.Lt(SndWl1, seg.Seq) || (SndWl1 == seg.Seq && Seq.Le(SndWl2, ack)))
            {
                if (SndWnd == 0 && window > 0 && ack == SndUna && SndNxt != SndUna)
                {
                    // The window reopened without covering our probe: the
                    // probe byte was dropped, so send from SND.UNA afresh.
                    SndNxt = SndUna;
                    RetransmitAt = 0;
                }
                SndWnd = window;
                SndWl1 = seg.Seq;
                SndWl2 = ack;
                if (window > MaxSndWnd)
                    MaxSndWnd = window;
                if (window > 0)
                    PersistAt = 0;
            }
            return true;
        }

        // Data and FIN: in-order bytes go to the receive buffer, later ones
        // to a bounded out-of-order queue, and both are trimmed to the
        // buffer's free space. ACK at once for anything out of order or a
        // FIN, else every second segment or after DelayedAckMs (RFC 1122).
        private void ProcessData(ref TcpSegment seg)
        {
            if (State != TcpState.Established && State != TcpState.FinWait1 && State != TcpState.FinWait2)
                return;
            uint seq = seg.Seq;
            int off = seg.DataOffset;
            int len = seg.DataLength;
            bool fin = seg.Has(TcpFlags.Fin);
            if (len == 0 && !fin)
                return;
            int skip = Seq.Diff(RcvNxt, seq);
            if (skip > 0)
            {
                if (skip > len || (skip == len && !fin))
                {
                    SendAck();   // all old: a retransmission the peer should stop
                    return;
                }
                off += skip;
                len -= skip;
                seq = RcvNxt;
            }
            int ahead = Seq.Diff(seq, RcvNxt);
            int room = RecvRing.Free - ahead;
            if (ShutRead)
                room = Math.Max(room, len);   // read side shut: accept and discard
            if (len > room)
            {
                len = Math.Max(room, 0);
                fin = false;
            }
            if (ahead > 0)
            {
                QueueOutOfOrder(seq, seg.Buffer, off, len, fin);
                SendAck();
                return;
            }
            if (len > 0 && !ShutRead)
                RecvRing.Write(new ReadOnlySpan<byte>(seg.Buffer, off, len));
            RcvNxt += (uint)len;
            bool now = _ooo.Count > 0;
            if (fin)
                ReceiveFin();
            else
                now |= PullOutOfOrder();
            if (fin || now || ++_unacked >= 2)
                SendAck();
            else if (DelayedAckAt == 0)
                DelayedAckAt = Stack.Now + DelayedAckMs;
        }

        private void QueueOutOfOrder(uint seq, byte[] buf, int off, int len, bool fin)
        {
            Stack.Stats.TcpOutOfOrder++;
            if (len == 0 && !fin)
                return;
            int i = 0;
            while (i < _ooo.Count && Seq.Lt(_ooo[i].Seq, seq))
                i++;
            if (i < _ooo.Count && _ooo[i].Seq == seq && _ooo[i].Data.Length >= len)
                return;   // a duplicate of what is queued
            if (_ooo.Count >= MaxOutOfOrder)
            {
                Stack.Stats.TcpOutOfOrderDropped++;
                return;
            }
            var data = new byte[len];
            new ReadOnlySpan<byte>(buf, off, len).CopyTo(data);
            var o = new OutOfOrder { Seq = seq, Data = data, Fin = fin };
            if (i < _ooo.Count && _ooo[i].Seq == seq)
                _ooo[i] = o;
            else
                _ooo.Insert(i, o);
        }

        // Moves queued segments that now continue the stream into the
        // buffer; true if any did (the hole filled: ACK at once).
        private bool PullOutOfOrder()
        {
            bool any = false;
            while (_ooo.Count > 0 && Seq.Le(_ooo[0].Seq, RcvNxt))
            {
                OutOfOrder o = _ooo[0];
                _ooo.RemoveAt(0);
                any = true;
                int skip = Seq.Diff(RcvNxt, o.Seq);
                if (skip > o.Data.Length)
                    continue;
                int n = o.Data.Length - skip;
                if (n > 0)
                {
                    int written = ShutRead ? n : RecvRing.Write(new ReadOnlySpan<byte>(o.Data, skip, n));
                    RcvNxt += (uint)written;
                    if (written < n)
                        break;
                }
                if (o.Fin)
                {
                    ReceiveFin();
                    break;
                }
            }
            return any;
        }

        private void ReceiveFin()
        {
            RcvNxt += 1;
            FinReceived = true;
            _ooo.Clear();
            switch (State)
            {
                case TcpState.SynReceived:
                case TcpState.Established:
                    State = TcpState.CloseWait;
                    break;
                case TcpState.FinWait1:
                    if (FinAcked)
                        EnterTimeWait();
                    else
                        State = TcpState.Closing;
                    break;
                case TcpState.FinWait2:
                    EnterTimeWait();
                    break;
            }
        }
    }
}
