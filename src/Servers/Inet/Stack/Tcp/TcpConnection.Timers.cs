using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // The connection's timers, run from NetStack.Tick: retransmission
    // (RFC 6298 5.4-5.7 with go-back-N from SND.UNA), persist (window
    // probes of one byte while the peer's window is shut), delayed ACK,
    // TIME-WAIT (2*MSL) and the orphaned FIN-WAIT-2 limit.
    internal sealed partial class TcpConnection
    {
        public void Tick(long now)
        {
            if (State == TcpState.Closed)
                return;
            if (TimeWaitAt != 0 && now >= TimeWaitAt)
            {
                Drop(0);
                return;
            }
            if (FinWait2At != 0 && now >= FinWait2At && State == TcpState.FinWait2)
            {
                Drop(0);
                return;
            }
            if (RetransmitAt != 0 && now >= RetransmitAt)
            {
                RetransmitTimeout();
                if (State == TcpState.Closed)
                    return;
            }
            if (PersistAt != 0 && now >= PersistAt)
            {
                PersistAt = 0;
                if (SndWnd == 0 && Seq.Diff(DataEnd, SndNxt) > 0 && SndNxt == SndUna)
                {
                    // Probe with one byte beyond the window; it is then
                    // retransmitted (with backoff) until the window opens.
                    _timing = false;
                    SendFrom(SndNxt, 1);
                    SndNxt += 1;
                    if (Seq.Gt(SndNxt, SndMax))
                        SndMax = SndNxt;
                    RetransmitAt = now + Rto.RtoMs;
                }
            }
            if (DelayedAckAt != 0 && now >= DelayedAckAt)
                SendAck();
        }

        public long NextTimer()
        {
            long t = long.MaxValue;
            if (RetransmitAt != 0) t = Math.Min(t, RetransmitAt);
            if (PersistAt != 0) t = Math.Min(t, PersistAt);
            if (DelayedAckAt != 0) t = Math.Min(t, DelayedAckAt);
            if (TimeWaitAt != 0) t = Math.Min(t, TimeWaitAt);
            if (FinWait2At != 0) t = Math.Min(t, FinWait2At);
            return t;
        }

        // The driver of the interface this connection goes through was
        // replaced: whatever it held is gone (frames queued in it, frames
        // that arrived while none ran). Rather than wait for timers on
        // either side: a SYN goes again, unacknowledged data goes again
        // from SND.UNA, and three duplicate ACKs make the peer resend at
        // once what it sent meanwhile (its fast retransmit, RFC 5681 3.2).
        // Not a timeout: the path is sound, so no backoff and no retry
        // counted.
        public void DriverRestarted()
        {
            if (State == TcpState.Closed || State == TcpState.Listen || State == TcpState.TimeWait)
                return;
            if (State == TcpState.SynSent || State == TcpState.SynReceived)
            {
                Stack.Stats.TcpRetransmits++;
                SendSyn();
                RetransmitAt = Stack.Now + Rto.RtoMs;
                return;
            }
            if (SndMax != SndUna)
            {
                _timing = false;
                SndNxt = SndUna;
                Stack.Stats.TcpRetransmits++;
                Output();
            }
            for (int i = 0; i < DuplicateAcksToResend; i++)
                SendAck();
        }

        // What a sender takes as a loss signal (RFC 5681's threshold).
        private const int DuplicateAcksToResend = 3;

        private void RetransmitTimeout()
        {
            Stack.Stats.TcpTimeouts++;
            RetransmitAt = 0;
            _timing = false;
            // A peer that keeps answering with a shut window is alive: its
            // probes do not count towards giving up, unless nobody owns the
            // connection any more (an orphan must end some day).
            bool probing = Synchronized && SndWnd == 0 && Owner != null;
            if (!probing)
                Retries++;
            int limit = State == TcpState.SynSent ? MaxSynRetries
                : State == TcpState.SynReceived ? MaxSynAckRetries : MaxRetries;
            if (Retries > limit)
            {
                if (State == TcpState.SynReceived || State == TcpState.SynSent)
                    Drop(NetError.TimedOut);
                else
                    Abort(NetError.TimedOut);
                return;
            }
            Rto.Backoff();
            if (State == TcpState.SynSent || State == TcpState.SynReceived)
            {
                Stack.Stats.TcpRetransmits++;
                SendSyn();
                return;
            }
            Cc.OnTimeout(Seq.Diff(SndMax, SndUna), SndMax);
            SndNxt = SndUna;
            if (SndMax != SndUna)
                Stack.Stats.TcpRetransmits++;
            Output();
        }
    }
}
