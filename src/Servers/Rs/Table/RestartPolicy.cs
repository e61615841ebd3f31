using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Rs.Table
{
    // The declarative recovery policy (the policy file's `restart limit=N
    // window=T`), when no recovery script is given: restart at once after a
    // failure; back off exponentially (100 ms, 200 ms, ..., at most
    // MaxDelayMs) only while failures come in quick succession (less than
    // QuickMs apart: a component that fails as it starts), so a driver that
    // crashes now and then under load is back at once. A failure beyond the
    // limit within the window stops the component for good and is reported
    // (the escalation of Erlang/OTP supervisors and systemd's start limits).
    // Hardware-free: unit-tested on the host.
    public sealed class RestartPolicy
    {
        public const long BaseDelayMs = 100;
        public const long MaxDelayMs = 5000;
        public const long QuickMs = 500;

        private readonly List<long> _failures = new List<long>();
        private long _lastFailure = long.MinValue;
        private int _quick;

        public RestartPolicy(uint limit, uint windowSeconds)
        {
            Limit = limit;
            WindowMs = (long)windowSeconds * 1000;
        }

        public uint Limit { get; }
        public long WindowMs { get; }

        // Failures within the window, this one included, after the last Failed.
        public int Repetition { get; private set; }

        // An operator's `service up`: the component starts with a clean
        // record (the failures that stopped it, maybe a bad driver since
        // replaced, must not stop the new start at its first failure).
        public void Forget()
        {
            _failures.Clear();
            _lastFailure = long.MinValue;
            _quick = 0;
            Repetition = 0;
        }

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
            _quick = _lastFailure != long.MinValue && nowMs - _lastFailure < QuickMs ? _quick + 1 : 0;
            _lastFailure = nowMs;
            delayMs = 0;
            if (Repetition > Limit)
                return false;
            if (_quick > 0)
            {
                delayMs = BaseDelayMs << (_quick - 1 > 16 ? 16 : _quick - 1);
                if (delayMs > MaxDelayMs)
                    delayMs = MaxDelayMs;
            }
            return true;
        }
    }
}
