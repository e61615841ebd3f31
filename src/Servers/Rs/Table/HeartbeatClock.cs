namespace Minix3.Cosmos.Servers.Rs.Table
{
    // When RS pings one component and when it gives up on it (the policy's
    // `heartbeat period=P misses=M`). Pings go out every period on a fixed
    // grid from the component's start, the first one a full period after
    // it; a ping still unanswered when the next one is due is a miss, and
    // the M-th miss in a row is the verdict. With misses=1 the component
    // must answer each ping within one period, so one that stops answering
    // at any moment is found at most two periods after its last answer
    // (the ping before it stopped was answered; the next goes unanswered
    // for a period). A late check (RS busy) does not move the grid, and
    // after a long stall the next ping is a period from the check, not a
    // burst of the pings that were skipped.
    // Hardware-free: unit-tested on the host.
    public sealed class HeartbeatClock
    {
        public enum Verdict { Wait, Ping, Dead }

        // When the next ping is due; when RS last heard from the component
        // (its start counts); unanswered pings in a row.
        public long NextPingMs { get; private set; } = long.MaxValue;
        public long LastAnswerMs { get; private set; }
        public int Misses { get; private set; }
        public bool AwaitingAnswer { get; private set; }

        // A new instance (or the first one RS takes charge of): a full
        // period before its first ping, none of the old instance's misses.
        public void Started(long nowMs, long periodMs)
        {
            NextPingMs = periodMs > 0 ? nowMs + periodMs : long.MaxValue;
            LastAnswerMs = nowMs;
            Misses = 0;
            AwaitingAnswer = false;
        }

        public void Answered(long nowMs)
        {
            LastAnswerMs = nowMs;
            Misses = 0;
            AwaitingAnswer = false;
        }

        // What to do at nowMs: nothing yet, send a ping (the clock then
        // awaits its answer), or end the component.
        public Verdict Check(long nowMs, long periodMs, int maxMisses)
        {
            if (periodMs <= 0 || nowMs < NextPingMs)
                return Verdict.Wait;
            if (AwaitingAnswer && ++Misses >= maxMisses)
            {
                // Asked again a period later only if it is still there
                // then (the end RS asks for did not happen).
                NextPingMs = nowMs + periodMs;
                return Verdict.Dead;
            }
            AwaitingAnswer = true;
            NextPingMs += periodMs;
            if (NextPingMs <= nowMs)
                NextPingMs = nowMs + periodMs;
            return Verdict.Ping;
        }
    }
}
