using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // The retransmission timeout of RFC 6298, kept in microseconds so the
    // 1/8 and 1/4 gains are exact for millisecond samples:
    //   first sample R:  SRTT = R, RTTVAR = R/2
    //   later R':        RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|, SRTT = 7/8 SRTT + 1/8 R'
    //   RTO = SRTT + max(G, 4 RTTVAR), clamped to [MinMs, MaxMs]; G = 1 ms.
    // Before any sample the RTO is 1 s (2.1). Backoff doubles it (5.5) and
    // the doubled value stays until the next sample (5.7). MinMs is 200 ms
    // rather than 1 s, as Linux does, which RFC 6298 2.4 permits as a SHOULD.
    public sealed class RtoEstimator
    {
        public const long InitialMs = 1000;
        public const long MinMs = 200;
        public const long MaxMs = 60_000;
        public const long GranularityUs = 1000;

        public long SrttUs { get; private set; }
        public long RttvarUs { get; private set; }
        public bool HasSample { get; private set; }
        public long RtoMs { get; private set; } = InitialMs;

        public void Sample(long rttMs)
        {
            long r = Math.Max(rttMs, 0) * 1000;
            if (!HasSample)
            {
                SrttUs = r;
                RttvarUs = r / 2;
                HasSample = true;
            }
            else
            {
                RttvarUs = (3 * RttvarUs + Math.Abs(SrttUs - r)) / 4;
                SrttUs = (7 * SrttUs + r) / 8;
            }
            long rtoUs = SrttUs + Math.Max(GranularityUs, 4 * RttvarUs);
            RtoMs = Math.Clamp((rtoUs + 999) / 1000, MinMs, MaxMs);
        }

        public void Backoff() => RtoMs = Math.Min(RtoMs * 2, MaxMs);
    }
}
