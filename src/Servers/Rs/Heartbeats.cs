using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Rs
{
    // Defect detection for components that hang rather than crash: every
    // heartbeat period RS sends a ping (DriverRequest.Ping, which the
    // driver and server libraries answer inside their loops); a component
    // that leaves MaxMisses pings in a row unanswered is killed, and its
    // defect report then restarts it with the reason "heartbeat". Pings are
    // asynchronous sends: a hung component cannot stall RS. A component and
    // its manager may always message each other (the kernel's rule), so no
    // policy lists the pair.
    internal sealed unsafe class Heartbeats
    {
        private readonly List<Service> _services;

        public Heartbeats(List<Service> services) => _services = services;

        // Pings the components whose period is up; kills the ones out of misses.
        public void Tick(long now)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                Service service = _services[i];
                if (service.HeartbeatMs == 0 || !service.Alive || service.NextPingMs > now)
                    continue;
                if (service.AwaitingAnswer && ++service.Misses >= service.MaxMisses)
                {
                    Kill(service);
                    continue;
                }
                Message message = default;
                message.Type = DriverRequest.Ping;
                Ipc.SendAsync(new Endpoint(service.Endpoint), &message);
                service.AwaitingAnswer = true;
                service.NextPingMs = now + service.HeartbeatMs;
            }
        }

        // A message from a supervised component: an answer to the ping.
        public static bool IsAnswer(Message* message) =>
            message->Type == DriverRequest.Reply && message->Word1 == DriverRequest.Ping;

        public void Answered(int endpoint)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].Endpoint == endpoint)
                {
                    _services[i].AwaitingAnswer = false;
                    _services[i].Misses = 0;
                }
            }
        }

        // A new instance gets a full period before its first ping.
        public static void Restarted(Service service, long now)
        {
            service.AwaitingAnswer = false;
            service.Misses = 0;
            service.NextPingMs = now + service.HeartbeatMs;
        }

        // The earliest ping due, or long.MaxValue.
        public long NextDue()
        {
            long earliest = long.MaxValue;
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].HeartbeatMs != 0 && _services[i].Alive && _services[i].NextPingMs < earliest)
                    earliest = _services[i].NextPingMs;
            }
            return earliest;
        }

        private static void Kill(Service service)
        {
            ConsoleLog.Say(string.Concat("rs: ", service.Label, " missed ", service.Misses.ToString(), " heartbeats; killing it"));
            Restarter.Kill(service, Table.Reasons.Heartbeat);
        }
    }
}
