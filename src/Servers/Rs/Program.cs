using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Rs
{
    // RS, the reincarnation server. At start it takes charge of every boot
    // component whose privilege table names rs as its manager; the kernel
    // then sends RS a defect report whenever one of them ends (exit, panic,
    // CPU exception, kill). RS recovers it (Restarter): by its recovery
    // script, run by the system shell (Recovery), or by its declarative
    // restart policy; the new instance has the same label and table, and
    // its endpoint is published in DS ("ep.<label>") for the components that
    // use it, and a component RS keeps stopped is published as
    // "down.<label>" (Availability), so its clients stop waiting for it.
    // RS also pings components whose policy asks for heartbeats
    // (Heartbeats), takes complaints and the `service` command's requests
    // (Requests), and replaces components live (Updates).
    //
    // RS never blocks on another component except DS, which answers at
    // once: everything else is sent asynchronously and answered in this
    // loop (ping answers, PM's answer to a script's spawn, a component's
    // UpdateReady).
    public static unsafe class Program
    {
        public static int Main()
        {
            var services = new List<Service>();
            Supervision.TakeCharge(services);
            ConsoleLog.Say("rs: supervising " + services.Count.ToString() + " components");
            var restarter = new Restarter(services);
            var heartbeats = new Heartbeats(services);
            var requests = new Requests(services, restarter);
            var availability = new Availability(services);
            heartbeats.Begin(Restarter.NowMs());
            availability.Publish();
            Schedule(restarter, heartbeats);
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                if (message.Source == Endpoint.Kernel.Value)
                    FromKernel(&message, restarter, heartbeats);
                else if (message.Type != KernelMessageType.Notification && message.Source >= 0)
                    FromComponent(&message, restarter, heartbeats, requests);
                availability.Publish();
                Schedule(restarter, heartbeats);
            }
        }

        private static void FromKernel(Message* message, Restarter restarter, Heartbeats heartbeats)
        {
            if (message->Type == KernelMessageType.DefectReport)
            {
                DefectReport* report = DefectReport.Of(message);
                restarter.Ended((int)report->Endpoint, report->Class, report->Detail);
            }
            else if (message->Type == KernelMessageType.Notification && NotificationMessage.Of(message)->Alarm != 0)
            {
                long now = Restarter.NowMs();
                restarter.RestartDue(now);
                restarter.Updates.Tick(now);
                heartbeats.Tick(now);
            }
        }

        private static void FromComponent(Message* message, Restarter restarter, Heartbeats heartbeats, Requests requests)
        {
            if (Heartbeats.IsAnswer(message))
            {
                heartbeats.Answered(message->Source, Restarter.NowMs());
                Service? pinged = restarter.ByEndpoint(message->Source);
                if (pinged != null)
                    restarter.Updates.Answered(pinged);
                return;
            }
            if (message->Type == DriverRequest.Reply)
            {
                // TTY took a console line (ConsoleLog); no other reply is RS's.
                if (DriverReplyMessage.Of(message)->Request == DriverRequest.Write)
                    ConsoleLog.Written();
                return;
            }
            if (message->Type == RsRequest.UpdateReady)
            {
                Service? updating = restarter.ByEndpoint(message->Source);
                if (updating != null)
                    restarter.Updates.Ready(updating);
                return;
            }
            if (message->Source == restarter.Recovery.PmEndpoint && message->Type <= 0)
            {
                restarter.Recovery.Answered(message);
                return;
            }
            Message reply = default;
            int status = requests.Handle(message, &reply);
            if (status == Requests.NoReply)
                return;
            reply.Type = status;
            Ipc.SendAsync(new Endpoint(message->Source), &reply);
        }

        // One alarm, for whichever comes first: a backed-off restart, an
        // update's deadline or a heartbeat ping.
        private static void Schedule(Restarter restarter, Heartbeats heartbeats)
        {
            long next = restarter.NextDue();
            long update = restarter.Updates.NextDue();
            long ping = heartbeats.NextDue();
            if (update < next)
                next = update;
            if (ping < next)
                next = ping;
            if (next == long.MaxValue)
                return;
            long now = Restarter.NowMs();
            Devices.SetAlarm(next > now ? next - now : 1);
        }
    }
}
