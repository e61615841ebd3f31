using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // Defect detection for components that hang rather than crash: every
    // heartbeat period RS sends a ping (DriverRequest.Ping, which the
    // driver library and the servers' loops answer); a component that
    // leaves MaxMisses pings in a row unanswered is killed, and its defect
    // report then restarts it with the reason "heartbeat" (HeartbeatClock
    // keeps the time). Pings are asynchronous sends: a hung component
    // cannot stall RS. A component and its manager may always message
    // each other (the kernel's rule), so no policy lists the pair.
    internal sealed unsafe class Heartbeats
    {
        private readonly List<Service> _services;

        public Heartbeats(List<Service> services) => _services = services;

        // RS has just taken charge: every component counts as just started
        // (the boot is still under way).
        public void Begin(long now)
        {
            for (int i = 0; i < _services.Count; i++)
                Restarted(_services[i], now);
        }

        // Pings the components whose period is up; kills the ones out of misses.
        public void Tick(long now)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                Service service = _services[i];
                if (!service.Alive)
                    continue;
                HeartbeatClock.Verdict verdict = service.Heartbeat.Check(now, service.HeartbeatMs, service.MaxMisses);
                if (verdict == HeartbeatClock.Verdict.Dead)
                {
                    Kill(service, now);
                }
                else if (verdict == HeartbeatClock.Verdict.Ping)
                {
                    Ping(service);
                }
            }
        }

        // A message from a supervised component: an answer to the ping.
        public static bool IsAnswer(Message* message) =>
            message->Type == DriverRequest.Reply && DriverReplyMessage.Of(message)->Request == DriverRequest.Ping;

        public void Answered(int endpoint, long now)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].Endpoint == endpoint)
                    _services[i].Heartbeat.Answered(now, _services[i].HeartbeatMs);
            }
        }

        // A new instance is pinged at once and has HeartbeatClock.StartupMs
        // to answer (it may be probing its device). The ping goes now, not
        // at the next alarm: it is then the first message in the instance's
        // queue, answered before any client's request, so a component that
        // serves a client and hangs a moment later has answered it.
        public static void Restarted(Service service, long now)
        {
            service.Heartbeat.Started(now, service.HeartbeatMs);
            if (service.Heartbeat.Check(now, service.HeartbeatMs, service.MaxMisses) == HeartbeatClock.Verdict.Ping)
                Ping(service);
        }

        private static void Ping(Service service)
        {
            Message message = default;
            message.Type = DriverRequest.Ping;
            Ipc.SendAsync(new Endpoint(service.Endpoint), &message);
        }

        // The earliest ping due, or long.MaxValue.
        public long NextDue()
        {
            long earliest = long.MaxValue;
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].HeartbeatMs != 0 && _services[i].Alive && _services[i].Heartbeat.NextPingMs < earliest)
                    earliest = _services[i].Heartbeat.NextPingMs;
            }
            return earliest;
        }

        // The line says how long it had been silent: at most two periods
        // with misses=1 (the boot tests check it, in guest time).
        private static void Kill(Service service, long now)
        {
            if (service.Heartbeat.Starting)
            {
                ConsoleLog.Say(string.Concat("rs: ", service.Label, " did not answer its first heartbeat within ",
                    HeartbeatClock.StartupMs.ToString(), " ms of starting; killing it"));
                Restarter.Kill(service, Table.Reasons.Heartbeat);
                return;
            }
            int misses = service.Heartbeat.Misses;
            ConsoleLog.Say(string.Concat("rs: ", service.Label, " missed ", misses.ToString(), misses == 1 ? " heartbeat" : " heartbeats",
                " (silent ", (now - service.Heartbeat.LastAnswerMs).ToString(), " ms, period ", service.HeartbeatMs.ToString(), " ms); killing it"));
            Restarter.Kill(service, Table.Reasons.Heartbeat);
        }
    }
}
