using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // What RS does when a supervised component ends: a live update's step
    // (Updates), a restart RS itself asked for, or a failure, which goes
    // to the component's recovery script (Recovery) or its declarative
    // policy: restart at once or after the backoff (Program's alarm), or
    // stop it for good. Every decision is one line on the console:
    // component, reason, repetition.
    internal sealed unsafe class Restarter
    {
        private readonly List<Service> _services;

        public Restarter(List<Service> services)
        {
            _services = services;
            Recovery = new Recovery(this);
            Updates = new Updates(this);
        }

        public Recovery Recovery { get; }
        public Updates Updates { get; }

        public void Ended(int endpoint, long defectClass, long detail)
        {
            Service? service = ByEndpoint(endpoint);
            if (service == null)
                return;
            int ending = service.EndingFor;
            service.EndingFor = 0;
            if (service.Update != null && Updates.Ended(service, Reasons.FromDefectClass(defectClass)))
                return;
            if (service.Stopped)
                return;
            if (ending == 0 && defectClass == Reasons.Exit && detail == 0)
            {
                // Exit status 0 is a component's own decision (a driver whose
                // device is absent says so and exits 0): not a failure.
                service.Stopped = true;
                ConsoleLog.Say(string.Concat("rs: ", service.Label, " exited with status 0; not restarted"));
                return;
            }
            if (ending == Reasons.Requested)
            {
                // `service refresh` (or restart of a running one): not a
                // failure, so no policy applies.
                service.Reason = Reasons.Requested;
                Restart(service);
                return;
            }
            Failed(service, ending != 0 ? ending : Reasons.FromDefectClass(defectClass), detail);
        }

        // A failure (or an update, reason 6): the script decides if there
        // is one, else the declarative policy. Past the policy's limit the
        // component stays down either way.
        public void Failed(Service service, int reason, long detail)
        {
            long now = NowMs();
            service.Reason = reason;
            bool update = reason == Reasons.Update;
            long delay = 0;
            if (!update)
            {
                service.LastReason = reason;
                service.LastFailureMs = now;
                if (!service.Policy.Failed(now, out delay))
                {
                    service.Stopped = true;
                    ConsoleLog.Say(string.Concat("rs: ", service.Label, " failed ", service.Policy.Repetition.ToString(),
                        " times within its window (", Reasons.Name(reason), "); stopped, not restarted"));
                    return;
                }
            }
            if (Recovery.HasScript(service))
            {
                service.Recovering = true;
                Recovery.Run(service, reason, service.Policy.Repetition);
                return;
            }
            if (delay == 0)
            {
                Restart(service);
                return;
            }
            service.Pending = true;
            service.RestartAtMs = now + delay;
            ConsoleLog.Say(string.Concat("rs: ", service.Label, " ended (", Reasons.Name(reason), ", status ", detail.ToString(),
                "); restart ", service.Policy.Repetition.ToString(), " in ", delay.ToString(), " ms"));
        }

        // Restarts whose backoff is over.
        public void RestartDue(long now)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                Service service = _services[i];
                if (service.Pending && service.RestartAtMs <= now)
                    Restart(service);
            }
        }

        // A new instance of the component's program, with its table.
        public void Restart(Service service)
        {
            service.Pending = false;
            service.Recovering = false;
            service.Image ??= BootModules.Read(service.Program);
            int status = ProcessControl.Spawn(service.Image, service.Table, out int endpoint);
            if (status != Status.Ok)
            {
                service.Stopped = true;
                ConsoleLog.Say(string.Concat("rs: cannot restart ", service.Label, ": status ", status.ToString(), "; stopped"));
                Updates.StartFailed(service);
                return;
            }
            bool wasMutated = service.MutatedInstance != 0 && service.MutatedInstance == service.Endpoint;
            service.MutatedInstance = 0;
            service.Endpoint = endpoint;
            Heartbeats.Restarted(service, NowMs());
            ConsoleLog.Say(string.Concat("rs: restarted ", service.Label, " (reason ", Reasons.Name(service.Reason), ", repetition ",
                service.Policy.Repetition.ToString(), "), endpoint ", endpoint.ToString(), wasMutated ? "; pristine program (the last instance's code was mutated)" : ""));
            BootFaults.Started(service);
            Publish(service);
            Updates.Started(service);
        }

        // Ends a running component on RS's own account; its defect report
        // then carries on with `reason`.
        public static int Kill(Service service, int reason)
        {
            service.EndingFor = reason;
            Message message = default;
            KillMessage.Of(&message)->Target = service.Endpoint;
            int status = Ipc.KernelCall(KernelCall.Kill, &message);
            if (status != Status.Ok)
                service.EndingFor = 0;
            return status;
        }

        // "ep.<label>" in DS: subscribers learn the new endpoint.
        private static void Publish(Service service) =>
            DataStore.PublishNumber(RsKeys.EndpointPrefix + service.Label, (uint)service.Endpoint);

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

        public Service? ByEndpoint(int endpoint)
        {
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].Endpoint == endpoint && !_services[i].Stopped)
                    return _services[i];
            }
            for (int i = 0; i < _services.Count; i++)
            {
                if (_services[i].Endpoint == endpoint)
                    return _services[i];
            }
            return null;
        }

        public static long NowMs() => Lib.Sys.Process.UptimeMs();
    }
}
