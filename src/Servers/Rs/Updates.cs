using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // Live update (`service update`): the old version is asked to prepare
    // (it saves its state to DS and answers), ended, and the new version
    // started with the same table while "update.<label>" is in DS, so its
    // start-up layer reports a live update and it takes the state back.
    // The new version must answer a ping within RsLimits.StartMs; if it
    // ends or stays silent, the old version is started again (rollback),
    // and takes the same state back. The requester's SendRec is answered
    // when it is over (Update.cs has the phases).
    internal sealed unsafe class Updates
    {
        private readonly Restarter _restarter;
        private readonly List<Service> _active = new List<Service>();

        public Updates(Restarter restarter) => _restarter = restarter;

        private static string Marker(Service service) => "update." + service.Label;

        // Starts an update; a status now, or Requests.NoReply (answered later).
        public int Begin(Service service, int requester, byte[]? image)
        {
            if (service.Update != null)
                return RsStatus.Busy;
            if (!service.Alive)
                return RsStatus.NotRunning;
            var update = new Update(requester, image, service.Image)
            {
                Phase = UpdatePhase.Preparing,
                DeadlineMs = Restarter.NowMs() + RsLimits.PrepareMs,
            };
            DataStore.PublishNumber(Marker(service), 1);
            Message notice = default;
            notice.Type = RsRequest.UpdateNotice;
            int status = Ipc.SendAsync(new Endpoint(service.Endpoint), &notice);
            if (status != Status.Ok)
            {
                DataStore.Delete(Marker(service));
                return status;
            }
            service.Update = update;
            _active.Add(service);
            ConsoleLog.Say(string.Concat("rs: updating ", service.Label, ": asked it to prepare"));
            return Requests.NoReply;
        }

        // UpdateReady from the old version: end it; its report starts the new.
        public void Ready(Service service)
        {
            Update? update = service.Update;
            if (update == null || update.Phase != UpdatePhase.Preparing)
                return;
            update.Phase = UpdatePhase.Replacing;
            update.DeadlineMs = long.MaxValue;
            if (Restarter.Kill(service, Reasons.Update) != Status.Ok)
                Finish(service, RsStatus.NotReady, "the old version could not be ended");
        }

        // A defect report of a component under update. True when the
        // update took care of it.
        public bool Ended(Service service, int defectReason)
        {
            Update update = service.Update!;
            switch (update.Phase)
            {
                case UpdatePhase.Replacing:
                    service.Image = update.NewImage;
                    // Reason 6: a recovery script (Figure 3) restarts at once.
                    _restarter.Failed(service, Reasons.Update, 0);
                    return true;
                case UpdatePhase.Starting:
                    ConsoleLog.Say(string.Concat("rs: the new version of ", service.Label, " failed to start (",
                        Reasons.Name(defectReason), "); rolling back"));
                    RollBack(service, update);
                    return true;
                case UpdatePhase.RollingBack:
                    Finish(service, RsStatus.RolledBack, "the old version failed too");
                    return false;
                default:
                    // Preparing: it failed before it was ready; an ordinary failure.
                    Finish(service, RsStatus.NotReady, "it ended while preparing");
                    return false;
            }
        }

        // The new (or, rolling back, the old) version runs: ping it.
        public void Started(Service service)
        {
            Update? update = service.Update;
            if (update == null)
                return;
            if (update.Phase == UpdatePhase.Replacing)
                update.Phase = UpdatePhase.Starting;
            update.DeadlineMs = Restarter.NowMs() + RsLimits.StartMs;
            Message ping = default;
            ping.Type = DriverRequest.Ping;
            Ipc.SendAsync(new Endpoint(service.Endpoint), &ping);
        }

        // The new version could not even be loaded.
        public void StartFailed(Service service)
        {
            Update? update = service.Update;
            if (update == null)
                return;
            if (update.Phase == UpdatePhase.RollingBack)
            {
                Finish(service, RsStatus.RolledBack, "the old version could not be started either");
                return;
            }
            service.Stopped = false;
            ConsoleLog.Say(string.Concat("rs: the new version of ", service.Label, " could not be loaded; rolling back"));
            RollBack(service, update);
        }

        // A ping answer: the version now running is accepted.
        public bool Answered(Service service)
        {
            Update? update = service.Update;
            if (update == null || (update.Phase != UpdatePhase.Starting && update.Phase != UpdatePhase.RollingBack))
                return false;
            if (update.Phase == UpdatePhase.Starting)
                Finish(service, Status.Ok, "the new version runs");
            else
                Finish(service, RsStatus.RolledBack, "the old version runs again");
            return true;
        }

        // Deadlines: a component that does not prepare keeps running; a new
        // version that does not answer is ended and rolled back.
        public void Tick(long now)
        {
            for (int i = _active.Count - 1; i >= 0; i--)
            {
                Service service = _active[i];
                Update update = service.Update!;
                if (update.DeadlineMs > now)
                    continue;
                if (update.Phase == UpdatePhase.Preparing)
                    Finish(service, RsStatus.NotReady, "it did not prepare in time");
                else if (update.Phase == UpdatePhase.Starting)
                {
                    ConsoleLog.Say(string.Concat("rs: the new version of ", service.Label, " did not answer; rolling back"));
                    // Its defect report (Ended, phase Starting) rolls back.
                    update.DeadlineMs = long.MaxValue;
                    if (Restarter.Kill(service, Reasons.Update) != Status.Ok)
                        RollBack(service, update);
                }
                else if (update.Phase == UpdatePhase.RollingBack)
                    Finish(service, RsStatus.RolledBack, "the old version runs again (it does not answer pings)");
            }
        }

        public long NextDue()
        {
            long earliest = long.MaxValue;
            for (int i = 0; i < _active.Count; i++)
            {
                if (_active[i].Update!.DeadlineMs < earliest)
                    earliest = _active[i].Update!.DeadlineMs;
            }
            return earliest;
        }

        private void RollBack(Service service, Update update)
        {
            update.Phase = UpdatePhase.RollingBack;
            service.Image = update.OldImage;
            service.Reason = Reasons.Update;
            _restarter.Restart(service);
        }

        private void Finish(Service service, int status, string how)
        {
            Update? update = service.Update;
            if (update == null)
                return;
            service.Update = null;
            _active.Remove(service);
            DataStore.Delete(Marker(service));
            ConsoleLog.Say(string.Concat("rs: update of ", service.Label, status == Status.Ok ? " done: " : " not done: ", how));
            Message reply = default;
            reply.Type = status;
            Ipc.SendAsync(new Endpoint(update.Requester), &reply);
        }
    }
}
