namespace Minix3.Cosmos.Servers.Rs.Table
{
    // When RS pings one component and when it gives up on it (the policy's
    // `heartbeat period=P misses=M`). A new instance is pinged at once: it
    // answers when it has finished starting and entered its loop (probing
    // a device may take seconds), and it has StartupMs to do so (MINIX's
    // RS gives a starting service an initialization timeout the same
    // way). From its first answer pings go out every period on a fixed
    // grid; a ping still unanswered when the next one is due is a miss,
    // and the M-th miss in a row is the verdict. With misses=1 the
    // component must answer each ping within one period, so one that stops
    // answering at any moment is found at most two periods after its last
    // answer (the ping before it stopped was answered; the next goes
    // unanswered for a period). A late check (RS busy) does not move the
    // grid, and after a long stall the next ping is a period from the
    // check, not a burst of the pings that were skipped.
    // Hardware-free: unit-tested on the host.
    public sealed class HeartbeatClock
    {
        public enum Verdict { Wait, Ping, Dead }

        // How long a new instance may take to answer its first ping.
        public const long StartupMs = 30_000;

        // When the next ping is due; when RS last heard from the component
        // (its start counts); unanswered pings in a row.
        public long NextPingMs { get; private set; } = long.MaxValue;
        public long LastAnswerMs { get; private set; }
        public int Misses { get; private set; }
        public bool AwaitingAnswer { get; private set; }

        // A new instance that has not answered yet (still starting).
        public bool Starting { get; private set; }
        private long _startMs;

        // A new instance (or the first one RS takes charge of): pinged at
        // once, StartupMs to answer, none of the old instance's misses.
        public void Started(long nowMs, long periodMs)
        {
            NextPingMs = periodMs > 0 ? nowMs : long.MaxValue;
            LastAnswerMs = _startMs = nowMs;
            Misses = 0;
            AwaitingAnswer = false;
            Starting = periodMs > 0;
        }

        // The first answer ends the start: the grid begins a period later.
        public void Answered(long nowMs, long periodMs)
        {
            if (Starting && periodMs > 0)
                NextPingMs = nowMs + periodMs;
            Starting = false;
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
            if (Starting)
                return CheckStart(nowMs, periodMs);
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

        // The first ping goes at once; the verdict waits for StartupMs.
        private Verdict CheckStart(long nowMs, long periodMs)
        {
            if (!AwaitingAnswer)
            {
                AwaitingAnswer = true;
                NextPingMs = _startMs + StartupMs;
                return Verdict.Ping;
            }
            Misses = 1;
            NextPingMs = nowMs + periodMs;
            return Verdict.Dead;
        }
    }
}
