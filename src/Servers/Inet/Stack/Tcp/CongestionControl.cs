using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    public enum AckAction { None, PartialAck, RecoveryDone }

    public enum DupAckAction { None, FastRetransmit, Inflate }

    // Slow start and congestion avoidance (RFC 5681) with NewReno fast
    // recovery (RFC 6582), in bytes. The connection tells it about new ACKs,
    // duplicate ACKs and timeouts, and acts on what it answers: retransmit
    // the first unacknowledged segment on FastRetransmit and PartialAck.
    // Recover holds SND.MAX (one past the highest byte sent) at the time
    // recovery began, so "acknowledges everything up to recover" is
    // ack >= Recover and "covers more than recover" (the RFC 6582 test that
    // keeps old duplicate ACKs after a timeout from starting a recovery) is
    // the same comparison.
    public sealed class CongestionControl
    {
        public int Mss;
        public long Cwnd;
        public long Ssthresh = 1L << 30;
        public uint Recover;
        public bool InRecovery;
        public int DupAcks;

        public CongestionControl(int mss, uint iss)
        {
            Mss = mss;
            Cwnd = InitialWindow(mss);
            Recover = iss;
        }

        // RFC 5681 3.1: IW = min(4*SMSS, max(2*SMSS, 4380)).
        public static long InitialWindow(int mss) => Math.Min(4L * mss, Math.Max(2L * mss, 4380));

        // An ACK that moved SND.UNA forward by acked bytes; flightAfter is
        // what is still outstanding (SND.MAX - ack).
        public AckAction OnNewAck(uint ack, long acked, long flightAfter)
        {
            DupAcks = 0;
            if (InRecovery)
            {
                if (Seq.Ge(ack, Recover))
                {
                    // Full acknowledgment: leave recovery with the window
                    // deflated to ssthresh (RFC 6582 3.2 step 3, option 1).
                    Cwnd = Math.Min(Ssthresh, Math.Max(flightAfter, Mss) + Mss);
                    InRecovery = false;
                    return AckAction.RecoveryDone;
                }
                // Partial: deflate by what was acknowledged, add back one
                // SMSS if at least that much was (step 4).
                Cwnd -= acked;
                if (acked >= Mss)
                    Cwnd += Mss;
                if (Cwnd < Mss)
                    Cwnd = Mss;
                return AckAction.PartialAck;
            }
            if (Cwnd < Ssthresh)
                Cwnd += Math.Min(acked, Mss);
            else
                Cwnd += Math.Max(1, (long)Mss * Mss / Cwnd);
            return AckAction.None;
        }

        // A duplicate ACK (RFC 5681 2's definition) with flight bytes out.
        public DupAckAction OnDupAck(uint ack, long flight, uint sndMax)
        {
            DupAcks++;
            if (InRecovery)
            {
                Cwnd += Mss;
                return DupAckAction.Inflate;
            }
            if (DupAcks != 3 || !Seq.Ge(ack, Recover))
                return DupAckAction.None;
            Ssthresh = Math.Max(flight / 2, 2L * Mss);
            Recover = sndMax;
            Cwnd = Ssthresh + 3L * Mss;
            InRecovery = true;
            return DupAckAction.FastRetransmit;
        }

        // The retransmission timer fired (RFC 5681 3.1 (4), RFC 6582 4).
        public void OnTimeout(long flight, uint sndMax)
        {
            Ssthresh = Math.Max(flight / 2, 2L * Mss);
            Cwnd = Mss;
            Recover = sndMax;
            InRecovery = false;
            DupAcks = 0;
        }
    }
}
