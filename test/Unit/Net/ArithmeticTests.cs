using System;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// The pure pieces: checksums, sequence arithmetic, RFC 6298 timers and the
// RFC 5681/6582 congestion state machine, against values worked by hand.
public class ArithmeticTests
{
    [Test]
    public void ChecksumMatchesKnownValues()
    {
        // RFC 1071 section 3's example: the sum is 0xDDF2, the checksum its complement.
        byte[] rfc = { 0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7 };
        Assert.That(NetBytes.Checksum(rfc), Is.EqualTo(0x220D));
        // A real IPv4 header (192.168.0.1 -> 192.168.0.199, UDP) whose checksum is 0xB861.
        byte[] header = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7 };
        Assert.That(NetBytes.Checksum(header), Is.EqualTo(0xB861));
        header[10] = 0xB8;
        header[11] = 0x61;
        Assert.That(NetBytes.Checksum(header), Is.EqualTo(0), "a header with its checksum sums to zero");
        // Odd length pads with a zero byte.
        Assert.That(NetBytes.Checksum(new byte[] { 0x12, 0x34, 0x56 }), Is.EqualTo(0x97CB), "~(0x1234 + 0x5600)");
        // A long buffer of 0xFF cannot overflow the running sum.
        var ff = new byte[70000];
        ff.AsSpan().Fill(0xFF);
        Assert.That(NetBytes.Checksum(ff), Is.EqualTo(0));
    }

    [Test]
    public void SequenceNumbersCompareAcrossTheWrap()
    {
        Assert.That(Seq.Lt(0xFFFFFFF0, 0x10), Is.True);
        Assert.That(Seq.Gt(0x10, 0xFFFFFFF0), Is.True);
        Assert.That(Seq.Diff(0x10, 0xFFFFFFF0), Is.EqualTo(0x20));
        Assert.That(Seq.Le(5, 5) && Seq.Ge(5, 5), Is.True);
        Assert.That(Seq.InRange(2, 0xFFFFFFFF, 3), Is.True);
        Assert.That(Seq.InRange(3, 0xFFFFFFFF, 3), Is.False);
        Assert.That(Seq.Max(0xFFFFFFFF, 1), Is.EqualTo(1u));
    }

    [Test]
    public void RtoFollowsRfc6298()
    {
        var r = new RtoEstimator();
        Assert.That(r.RtoMs, Is.EqualTo(1000), "1 s before any sample (2.1)");
        r.Sample(100);
        // SRTT = 100, RTTVAR = 50, RTO = 100 + 4*50 = 300 (2.2).
        Assert.That(r.SrttUs, Is.EqualTo(100_000));
        Assert.That(r.RttvarUs, Is.EqualTo(50_000));
        Assert.That(r.RtoMs, Is.EqualTo(300));
        r.Sample(200);
        // RTTVAR = 3/4*50 + 1/4*|100-200| = 62.5; SRTT = 7/8*100 + 1/8*200 = 112.5;
        // RTO = 112.5 + 250 = 362.5, rounded up to the millisecond (2.3).
        Assert.That(r.RttvarUs, Is.EqualTo(62_500));
        Assert.That(r.SrttUs, Is.EqualTo(112_500));
        Assert.That(r.RtoMs, Is.EqualTo(363));
        r.Backoff();
        Assert.That(r.RtoMs, Is.EqualTo(726), "backoff doubles (5.5)");
        for (int i = 0; i < 20; i++)
            r.Backoff();
        Assert.That(r.RtoMs, Is.EqualTo(RtoEstimator.MaxMs), "bounded by the maximum");

        var fast = new RtoEstimator();
        fast.Sample(2);
        Assert.That(fast.RtoMs, Is.EqualTo(RtoEstimator.MinMs), "a LAN round trip still waits the minimum (2.4)");
        for (int i = 0; i < 50; i++)
            fast.Sample(2);
        // RTTVAR decays towards 0: the granularity G keeps RTO > SRTT.
        Assert.That(fast.SrttUs, Is.EqualTo(2000));
        Assert.That(fast.RtoMs, Is.EqualTo(RtoEstimator.MinMs));
    }

    [Test]
    public void SlowStartThenCongestionAvoidance()
    {
        var cc = new CongestionControl(1000, 0);
        Assert.That(cc.Cwnd, Is.EqualTo(4000), "IW = min(4*SMSS, max(2*SMSS, 4380))");
        Assert.That(CongestionControl.InitialWindow(1460), Is.EqualTo(4380));
        Assert.That(CongestionControl.InitialWindow(536), Is.EqualTo(2144));
        cc.OnNewAck(1000, 1000, 3000);
        Assert.That(cc.Cwnd, Is.EqualTo(5000), "slow start: +SMSS per ACK");
        cc.OnNewAck(4000, 3000, 0);
        Assert.That(cc.Cwnd, Is.EqualTo(6000), "slow start adds at most SMSS per ACK (RFC 5681 3.1)");
        cc.Ssthresh = 6000;
        cc.OnNewAck(5000, 1000, 0);
        Assert.That(cc.Cwnd, Is.EqualTo(6000 + 1000 * 1000 / 6000), "avoidance: SMSS*SMSS/cwnd per ACK");
    }

    [Test]
    public void NewRenoFastRetransmitAndRecovery()
    {
        var cc = new CongestionControl(1000, 0);
        cc.Cwnd = 10_000;
        // 10 segments out: 1000..11000; the first is lost.
        Assert.That(cc.OnDupAck(1000, 10_000, 11_000), Is.EqualTo(DupAckAction.None));
        Assert.That(cc.OnDupAck(1000, 10_000, 11_000), Is.EqualTo(DupAckAction.None));
        Assert.That(cc.OnDupAck(1000, 10_000, 11_000), Is.EqualTo(DupAckAction.FastRetransmit), "third duplicate");
        Assert.That(cc.Ssthresh, Is.EqualTo(5000), "ssthresh = max(FlightSize/2, 2*SMSS)");
        Assert.That(cc.Cwnd, Is.EqualTo(8000), "cwnd = ssthresh + 3*SMSS");
        Assert.That(cc.Recover, Is.EqualTo(11_000u));
        Assert.That(cc.InRecovery, Is.True);
        Assert.That(cc.OnDupAck(1000, 10_000, 11_000), Is.EqualTo(DupAckAction.Inflate));
        Assert.That(cc.Cwnd, Is.EqualTo(9000), "each further duplicate inflates by SMSS");
        // Partial ACK: 1000..3000 acknowledged but not all up to recover.
        Assert.That(cc.OnNewAck(3000, 2000, 8000), Is.EqualTo(AckAction.PartialAck));
        Assert.That(cc.Cwnd, Is.EqualTo(9000 - 2000 + 1000), "deflate by the amount acked, add back SMSS");
        Assert.That(cc.InRecovery, Is.True);
        // Full ACK: leave recovery, cwnd = min(ssthresh, FlightSize + SMSS).
        Assert.That(cc.OnNewAck(11_000, 8000, 0), Is.EqualTo(AckAction.RecoveryDone));
        Assert.That(cc.InRecovery, Is.False);
        Assert.That(cc.Cwnd, Is.EqualTo(2000), "min(5000, max(0, SMSS) + SMSS)");
        cc.Cwnd = 5000;
        Assert.That(cc.OnNewAck(12_000, 1000, 0), Is.EqualTo(AckAction.None));
        Assert.That(cc.Cwnd, Is.EqualTo(5200), "back in congestion avoidance");
    }

    [Test]
    public void TimeoutCollapsesTheWindowAndOldDupAcksDoNotRecover()
    {
        var cc = new CongestionControl(1000, 0);
        cc.Cwnd = 20_000;
        cc.OnTimeout(16_000, 50_000);
        Assert.That(cc.Cwnd, Is.EqualTo(1000), "loss window is one segment");
        Assert.That(cc.Ssthresh, Is.EqualTo(8000));
        Assert.That(cc.Recover, Is.EqualTo(50_000u));
        // Duplicates of an ACK below recover are from before the timeout:
        // no fast retransmit (RFC 6582 3.2 step 2).
        for (int i = 0; i < 5; i++)
            Assert.That(cc.OnDupAck(40_000, 10_000, 50_000), Is.EqualTo(DupAckAction.None));
        Assert.That(cc.InRecovery, Is.False);
        cc.OnNewAck(50_000, 10_000, 0);
        for (int i = 0; i < 2; i++)
            cc.OnDupAck(50_000, 3000, 53_000);
        Assert.That(cc.OnDupAck(50_000, 3000, 53_000), Is.EqualTo(DupAckAction.FastRetransmit));
        Assert.That(cc.Ssthresh, Is.EqualTo(2000), "at least 2*SMSS");
    }

    [Test]
    public void ByteRingWrapsAndPeeks()
    {
        var r = new ByteRing(8);
        Assert.That(r.Write(new byte[] { 1, 2, 3, 4, 5, 6 }), Is.EqualTo(6));
        r.Consume(4);
        Assert.That(r.Write(new byte[] { 7, 8, 9, 10, 11, 12, 13 }), Is.EqualTo(6), "only the free space");
        var peek = new byte[3];
        r.Peek(1, peek);
        Assert.That(peek, Is.EqualTo(new byte[] { 6, 7, 8 }));
        var all = new byte[10];
        Assert.That(r.Read(all), Is.EqualTo(8));
        Assert.That(all.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 5, 6, 7, 8, 9, 10, 11, 12 }));
        Assert.Throws<ArgumentException>(() => r.Peek(0, new byte[1]));
    }
}
