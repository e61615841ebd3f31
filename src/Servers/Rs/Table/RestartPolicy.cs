using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Rs.Table
{
    // The declarative recovery policy (the policy file's `restart limit=N
    // window=T`), when no recovery script is given: restart at once after
    // the first failure, then back off exponentially (100 ms, 200 ms, ...,
    // at most MaxDelayMs) while failures keep coming within the window; a
    // failure beyond the limit within the window stops the component for
    // good and is reported (the escalation of Erlang/OTP supervisors and
    // systemd's start limits). Hardware-free: unit-tested on the host.
    public sealed class RestartPolicy
    {
        public const long BaseDelayMs = 100;
        public const long MaxDelayMs = 5000;

        private readonly List<long> _failures = new List<long>();

        public RestartPolicy(uint limit, uint windowSeconds)
        {
            Limit = limit;
            WindowMs = (long)windowSeconds * 1000;
        }

        public uint Limit { get; }
        public long WindowMs { get; }

        // Failures within the window, this one included, after the last Failed.
        public int Repetition { get; private set; }

        // Records a failure at nowMs. True with the delay before the
        // restart; false when the component must stay down.
        public bool Failed(long nowMs, out long delayMs)
        {
            for (int i = _failures.Count - 1; i >= 0; i--)
            {
                if (nowMs - _failures[i] >= WindowMs)
                    _failures.RemoveAt(i);
            }
            _failures.Add(nowMs);
            Repetition = _failures.Count;
            delayMs = 0;
            if (Repetition > Limit)
                return false;
            if (Repetition > 1)
            {
                delayMs = BaseDelayMs << (Repetition - 2 > 16 ? 16 : Repetition - 2);
                if (delayMs > MaxDelayMs)
                    delayMs = MaxDelayMs;
            }
            return true;
        }
    }
}
