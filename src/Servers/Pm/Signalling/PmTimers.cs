using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Pm.Signalling
{
    // PM's timers for its processes: alarm() (Alarm raised when it runs
    // out) and the sleeps PM holds (a Sleep request answered when its time
    // is up, or Interrupted by a caught signal first). The kernel gives PM
    // one alarm; PM sets it to the earliest deadline of all (MINIX's PM
    // keeps its timers the same way, over one synchronous alarm).
    internal sealed unsafe class PmTimers
    {
        public struct Timer
        {
            public int Pid;
            public int Endpoint;
            public long Due;          // milliseconds since boot; long.MaxValue: never (pause)
            public bool IsSleep;      // else an alarm
        }

        private readonly List<Timer> _timers = new List<Timer>();
        private long _armedFor = -1;

        // Milliseconds since boot (the Times kernel call).
        public static long Now()
        {
            Message message = default;
            TimesMessage* times = TimesMessage.Of(&message);
            if (Ipc.KernelCall(KernelCall.Times, &message) != Status.Ok || times->TicksPerSecond <= 0)
                return 0;
            return times->Ticks * 1000 / times->TicksPerSecond;
        }

        // alarm(): replaces the process's alarm (0 cancels it); the
        // milliseconds the old one had left.
        public long SetAlarm(int pid, int endpoint, long milliseconds)
        {
            long now = Now();
            long left = 0;
            int at = Find(pid, isSleep: false);
            if (at >= 0)
            {
                left = _timers[at].Due - now;
                if (left < 1)
                    left = 1;
                _timers.RemoveAt(at);
            }
            if (milliseconds > 0)
                _timers.Add(new Timer { Pid = pid, Endpoint = endpoint, Due = now + milliseconds, IsSleep = false });
            Arm(now);
            return left;
        }

        public void StartSleep(int pid, int endpoint, long milliseconds)
        {
            long now = Now();
            _timers.Add(new Timer { Pid = pid, Endpoint = endpoint, Due = milliseconds < 0 ? long.MaxValue : now + milliseconds, IsSleep = true });
            Arm(now);
        }

        // Ends a sleep early: true (and what was left) when the process slept.
        public bool EndSleep(int pid, out long left)
        {
            left = 0;
            int at = Find(pid, isSleep: true);
            if (at < 0)
                return false;
            long due = _timers[at].Due;
            left = due == long.MaxValue ? 0 : due - Now();
            if (left < 0)
                left = 0;
            _timers.RemoveAt(at);
            return true;
        }

        // The process ended: its timers go.
        public void Forget(int pid)
        {
            for (int i = _timers.Count - 1; i >= 0; i--)
            {
                if (_timers[i].Pid == pid)
                    _timers.RemoveAt(i);
            }
        }

        // The kernel's alarm rang: the timers that are due, taken out.
        public List<Timer> Expired()
        {
            _armedFor = -1;
            long now = Now();
            var due = new List<Timer>();
            for (int i = _timers.Count - 1; i >= 0; i--)
            {
                if (_timers[i].Due <= now)
                {
                    due.Add(_timers[i]);
                    _timers.RemoveAt(i);
                }
            }
            Arm(now);
            return due;
        }

        private int Find(int pid, bool isSleep)
        {
            for (int i = 0; i < _timers.Count; i++)
            {
                if (_timers[i].Pid == pid && _timers[i].IsSleep == isSleep)
                    return i;
            }
            return -1;
        }

        // The kernel's alarm for the earliest deadline (none: cancelled).
        private void Arm(long now)
        {
            long earliest = long.MaxValue;
            for (int i = 0; i < _timers.Count; i++)
            {
                if (_timers[i].Due < earliest)
                    earliest = _timers[i].Due;
            }
            if (earliest == _armedFor)
                return;
            _armedFor = earliest;
            long wait = earliest == long.MaxValue ? 0 : earliest - now;
            if (earliest != long.MaxValue && wait < 1)
                wait = 1;
            Devices.SetAlarm(wait);
        }
    }
}
