using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // What RS does when a supervised component ends: asks its policy,
    // restarts it at once or after the backoff (Program's alarm), or stops
    // it for good. Every decision is one line on the console: component, reason,
    // repetition.
    internal sealed unsafe class Restarter
    {
        private readonly List<Service> _services;

        public Restarter(List<Service> services) => _services = services;

        public void Ended(int endpoint, long defectClass, long detail)
        {
            Service? service = ByEndpoint(endpoint);
            if (service == null || service.Stopped)
                return;
            if (service.KilledOnRequest)
            {
                // `service restart`: not a failure, so no policy applies.
                service.KilledOnRequest = false;
                service.Reason = Reasons.Requested;
                Restart(service);
                return;
            }
            int reason = service.KilledForHeartbeat ? Reasons.Heartbeat : Reasons.FromDefectClass(defectClass);
            service.KilledForHeartbeat = false;
            long now = NowMs();
            service.LastReason = reason;
            service.LastFailureMs = now;
            if (!service.Policy.Failed(now, out long delay))
            {
                service.Stopped = true;
                Diagnostics.Print(string.Concat("rs: ", service.Label, " failed ", service.Policy.Repetition.ToString(),
                    " times within its window (", Reasons.Name(reason), "); stopped, not restarted"));
                return;
            }
            service.Reason = reason;
            if (delay == 0)
            {
                Restart(service);
                return;
            }
            service.Pending = true;
            service.RestartAtMs = now + delay;
            Diagnostics.Print(string.Concat("rs: ", service.Label, " ended (", Reasons.Name(reason), ", status ", detail.ToString(),
                "); restart ", service.Policy.Repetition.ToString(), " in ", delay.ToString(), " ms"));
        }

        // Restarts whose backoff is over.
        public void RestartDue(long now)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                Service service = _services[i];
                if (service.Pending && service.RestartAtMs <= now)
                {
                    service.Pending = false;
                    Restart(service);
                }
            }
        }

        // A new instance from the boot image, with the component's table.
        public void Restart(Service service)
        {
            byte[]? image = BootModules.Read(service.Label);
            int status = Status.BadArgument;
            int endpoint = 0;
            if (image != null)
            {
                fixed (byte* bytes = image)
                fixed (byte* table = service.Table)
                {
                    Message message = default;
                    message.Word0 = Endpoint.None.Value;
                    message.Word1 = (long)bytes;
                    message.Word2 = image.Length;
                    message.Word3 = (long)table;
                    message.Word4 = service.Table.Length;
                    status = Ipc.KernelCall(KernelCall.Exec, &message);
                    endpoint = (int)message.Word5;
                }
            }
            if (status != Status.Ok)
            {
                service.Stopped = true;
                Diagnostics.Print(string.Concat("rs: cannot restart ", service.Label, ": status ", status.ToString(), "; stopped"));
                return;
            }
            service.Endpoint = endpoint;
            Heartbeats.Restarted(service, NowMs());
            Diagnostics.Print(string.Concat("rs: restarted ", service.Label, " (reason ", Reasons.Name(service.Reason), ", repetition ",
                service.Policy.Repetition.ToString(), "), endpoint ", endpoint.ToString()));
            Publish(service);
        }

        // "ep.<label>" in DS: subscribers learn the new endpoint.
        private static void Publish(Service service)
        {
            Endpoint ds = Endpoints.Lookup("ds");
            Message message;
            if (ds.IsNone || DataStoreMessage.PublishNumber(&message, "ep." + service.Label, (uint)service.Endpoint, DataStoreFlags.Overwrite) != Status.Ok)
                return;
            Ipc.SendRec(ds, &message);
        }

        // The earliest backed-off restart, or long.MaxValue.
        public long NextDue()
        {
            long earliest = long.MaxValue;
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].Pending && _services[i].RestartAtMs < earliest)
                    earliest = _services[i].RestartAtMs;
            }
            return earliest;
        }

        private Service? ByEndpoint(int endpoint)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].Endpoint == endpoint)
                    return _services[i];
            }
            return null;
        }

        public static long NowMs()
        {
            Message message = default;
            Ipc.KernelCall(KernelCall.Times, &message);
            return message.Word1 > 0 ? message.Word0 * 1000 / message.Word1 : 0;
        }
    }
}
